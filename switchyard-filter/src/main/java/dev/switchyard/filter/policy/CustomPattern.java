package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A policy's own PII category: matches of {@code regex} are reported as {@code name} and, when
 * redacted, become {@code [name]}.
 */
public record CustomPattern(String name, String regex, Action action) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    public CustomPattern {
        Objects.requireNonNull(action, "custom_patterns.action");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("custom_patterns.name must be 1-32 of A-Z, 0-9, _ starting with a letter, got '" + name + "'");
        }
        for (PiiCategory builtIn : PiiCategory.values()) {
            if (builtIn.name().equals(name)) {
                throw new IllegalArgumentException("custom_patterns.name '" + name + "' is a built-in PII category");
            }
        }
        FilterPolicy.compile("custom_patterns." + name + ".regex", regex);
    }

    Pattern pattern() {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException("validated at construction", e);
        }
    }
}
