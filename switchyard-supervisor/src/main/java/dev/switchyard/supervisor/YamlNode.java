package dev.switchyard.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A topology tree node that knows its key path, so each problem names the key and the bad value (the same
 * messages as core's config reader). Readers never throw: they record a problem and return the default.
 */
final class YamlNode {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?");

    private final JsonNode json;
    private final String path;
    private final List<String> problems;

    YamlNode(JsonNode json, String path, List<String> problems) {
        this.json = json == null ? MissingNode.getInstance() : json;
        this.path = path;
        this.problems = problems;
    }

    boolean present() {
        return !json.isMissingNode() && !json.isNull();
    }

    YamlNode get(String key) {
        return new YamlNode(json.get(key), path.isEmpty() ? key : path + "." + key, problems);
    }

    void problem(String message) {
        problems.add((path.isEmpty() ? "<root>" : path) + ": " + message);
    }

    /** Reports keys this mapping does not know: a typo must not silently fall back to a default. */
    void allowOnly(Set<String> keys) {
        if (!present()) {
            return;
        }
        if (!json.isObject()) {
            problem("expected a mapping, got " + describe());
            return;
        }
        json.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                get(k).problem("unknown key (known: " + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        });
    }

    String text(String dflt) {
        if (!present()) {
            return dflt;
        }
        if (!json.isValueNode() || json.isBoolean()) {
            problem("expected a string, got " + describe());
            return dflt;
        }
        return json.asText();
    }

    int integer(int dflt, int min, int max) {
        if (!present()) {
            return dflt;
        }
        if (!json.isIntegralNumber() || !json.canConvertToInt()) {
            problem("expected a whole number, got " + describe());
            return dflt;
        }
        int v = json.asInt();
        if (v < min || v > max) {
            problem("must be between " + min + " and " + max + ", got " + v);
            return dflt;
        }
        return v;
    }

    /** A duration above zero, like 500ms, 5s, 2m or 1h (a bare number is milliseconds). */
    Duration duration(Duration dflt) {
        if (!present()) {
            return dflt;
        }
        Matcher m = DURATION.matcher(json.asText().trim().toLowerCase(Locale.ROOT));
        if (!json.isValueNode() || !m.matches()) {
            problem("expected a duration like 500ms, 30s, 5m or 1h, got " + describe());
            return dflt;
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (d.isZero()) {
            problem("must be more than 0, got " + describe());
            return dflt;
        }
        return d;
    }

    List<String> strings() {
        List<String> out = new ArrayList<>();
        if (!present()) {
            return out;
        }
        if (!json.isArray()) {
            problem("expected a list, got " + describe());
            return out;
        }
        for (int i = 0; i < json.size(); i++) {
            YamlNode item = new YamlNode(json.get(i), path + "[" + i + "]", problems);
            String s = item.text(null);
            if (s == null || s.isBlank()) {
                item.problem("must not be empty");
            } else {
                out.add(s);
            }
        }
        return out;
    }

    List<Map.Entry<String, YamlNode>> entries() {
        List<Map.Entry<String, YamlNode>> out = new ArrayList<>();
        if (!present()) {
            return out;
        }
        if (!json.isObject()) {
            problem("expected a mapping, got " + describe());
            return out;
        }
        json.fieldNames().forEachRemaining(k -> out.add(Map.entry(k, get(k))));
        return out;
    }

    private String describe() {
        if (json.isObject()) {
            return "a mapping";
        }
        if (json.isArray()) {
            return "a list";
        }
        return "'" + json.asText() + "'";
    }
}
