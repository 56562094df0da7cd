package dev.switchyard.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchyard instances}: every instance a running gateway knows of, from {@code GET /admin/instances}. */
@Command(name = "instances", description = "List every known instance of every role, with its health "
        + "(admin key in SWITCHYARD_ADMIN_KEY).")
final class InstancesCommand implements Callable<Integer> {
    @Mixin AdminClient admin;

    @Option(names = "--role", paramLabel = "ROLE", description = "Only this role (gateway, claude, auth, ...).")
    String role;

    @Option(names = "--json", description = "Print the admin API's JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        return KeysCommand.run(() -> {
            String query = role == null ? "" : "?role=" + URLEncoder.encode(role, StandardCharsets.UTF_8);
            JsonNode list = admin.call("GET", "/admin/instances" + query, null);
            if (json) {
                System.out.println(list.toPrettyString());
                return;
            }
            Table t = new Table("ROLE", "ID", "ADDRESS", "VERSION", "ZONE", "HEALTH", "LAST_CHECK", "RESULT",
                    "FAILURES", "IN_FLIGHT", "SINCE", "IN_ROTATION", "LOCAL");
            for (JsonNode i : list.path("data")) {
                JsonNode c = i.path("last_check");
                t.add(i.path("role").asText(), i.path("id").asText(), i.path("address").asText(),
                        text(i, "version"), text(i, "zone"), i.path("health").asText(),
                        c.isObject() ? seconds(c.path("at").asText()) : null, result(c),
                        i.path("consecutive_failures").asInt(), i.path("in_flight").asInt(),
                        seconds(text(i, "registered_since")), yesNo(i.path("in_rotation")), yesNo(i.path("local")));
            }
            t.print(System.out);
        });
    }

    /** "ok 3ms", or the failure's reason and time; "-" before the first check. */
    private static String result(JsonNode check) {
        if (!check.isObject()) {
            return null;
        }
        String latency = check.path("latency_ms").asLong() + "ms";
        return check.path("ok").asBoolean() ? "ok " + latency
                : check.path("error").asText("failed") + " (" + latency + ")";
    }

    private static String text(JsonNode n, String field) {
        String v = n.path(field).asText(null);
        return v == null || v.isEmpty() ? null : v;
    }

    /** A time to the second: enough to read, and the table stays narrow. */
    private static String seconds(String time) {
        try {
            return time == null ? null : Instant.parse(time).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return time;
        }
    }

    private static String yesNo(JsonNode flag) {
        return flag.asBoolean() ? "yes" : "no";
    }
}
