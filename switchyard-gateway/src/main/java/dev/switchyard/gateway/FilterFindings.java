package dev.switchyard.gateway;

import dev.switchyard.filter.Finding;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the content filter did for one request, in both directions: each finding is counted in metrics by
 * policy and category as it happens, and the distinct {@code CATEGORY:action} pairs make the usage row's
 * {@code filter} column. Never the matched text. One exchange, one event loop: not synchronized.
 */
final class FilterFindings {
    /** The column is bounded: a policy with many custom categories must not grow the row without limit. */
    private static final int MAX_SUMMARY = 255;

    private final String policy;
    private final GatewayMeters meters;
    private final Set<String> seen = new LinkedHashSet<>();

    FilterFindings(String policy, GatewayMeters meters) {
        this.policy = policy;
        this.meters = meters;
    }

    void add(List<Finding> findings, String direction) {
        for (Finding f : findings) {
            String action = f.action().name().toLowerCase(Locale.ROOT);
            meters.filterAction(policy, f.category(), action, direction);
            seen.add(f.category() + ":" + action);
        }
    }

    /** E.g. {@code EMAIL:redact,PHONE:redact}; null when nothing was found. */
    String summary() {
        if (seen.isEmpty()) {
            return null;
        }
        String all = String.join(",", seen);
        return all.length() <= MAX_SUMMARY ? all : all.substring(0, all.lastIndexOf(',', MAX_SUMMARY));
    }
}
