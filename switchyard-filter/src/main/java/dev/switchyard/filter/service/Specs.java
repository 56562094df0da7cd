package dev.switchyard.filter.service;

import dev.switchyard.filter.Action;
import dev.switchyard.filter.PolicySpec;
import dev.switchyard.filter.policy.CustomPattern;
import dev.switchyard.filter.policy.FilterPolicy;
import dev.switchyard.filter.policy.PiiCategory;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** A policy as configured ({@link PolicySpec}) to the engine's {@link FilterPolicy}. */
final class Specs {
    private Specs() {}

    static FilterPolicy toPolicy(PolicySpec spec) {
        Map<PiiCategory, Action> pii = new EnumMap<>(PiiCategory.class);
        spec.pii().forEach((category, action) ->
                pii.put(PiiCategory.valueOf(category.toUpperCase(Locale.ROOT)), action(action)));
        return new FilterPolicy(spec.name(), spec.blockedTerms(), spec.blockedRegexes(), pii,
                spec.custom().stream().map(c -> new CustomPattern(c.name(), c.regex(), action(c.action()))).toList(),
                spec.phoneRegion());
    }

    private static Action action(String action) {
        return Action.valueOf(action.toUpperCase(Locale.ROOT));
    }
}
