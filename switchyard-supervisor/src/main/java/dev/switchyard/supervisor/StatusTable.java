package dev.switchyard.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The status table: role, instance, pid, port, health, restarts, requests/s; columns as wide as their widest cell. */
public final class StatusTable {
    private StatusTable() {}

    public static String render(List<ChildStatus> children) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ROLE", "INSTANCE", "PID", "PORT", "HEALTH", "RESTARTS", "REQ/S"});
        for (ChildStatus c : children) {
            rows.add(new String[] {String.join(",", c.roles()), c.id(), c.pid() < 0 ? "-" : Long.toString(c.pid()),
                    Integer.toString(c.port()), health(c), Integer.toString(c.restarts()),
                    c.requestsPerSecond().isPresent()
                            ? String.format(Locale.ROOT, "%.1f", c.requestsPerSecond().getAsDouble()) : "-"});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", r[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String health(ChildStatus c) {
        return switch (c.health()) {
            case STARTING -> "starting";
            case HEALTHY -> "healthy";
            case FAILING -> "failing (" + c.failedChecks() + ")";
            case RESTARTING -> "restarting";
            case STOPPED -> "stopped";
        };
    }
}
