package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;

import java.util.List;
import java.util.Map;

/** Policies for tests. */
final class Policies {
    private Policies() {
    }

    static TextFilter only(PiiCategory category, Action action) {
        return TextFilter.compile(new FilterPolicy("test", List.of(), List.of(), Map.of(category, action), List.of(), "US"));
    }

    static TextFilter redacting(PiiCategory category) {
        return only(category, Action.REDACT);
    }

    static TextFilter terms(String... terms) {
        return TextFilter.compile(new FilterPolicy("no-secrets", List.of(terms), List.of(), Map.of(), List.of(), "US"));
    }
}
