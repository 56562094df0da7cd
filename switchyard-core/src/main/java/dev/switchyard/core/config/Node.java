package dev.switchyard.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A config tree node that knows its key path, so that each problem it reports names the key and
 * the bad value. Readers never throw: they record a problem and return the default. Public for the other
 * YAML files Switchyard reads (the supervisor's topology), so every file reports problems the same way.
 */
public final class Node {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|k|mb|m|gb|g)?");

    private final JsonNode json;
    private final String path;
    private final List<String> problems;

    public Node(JsonNode json, String path, List<String> problems) {
        this.json = json == null ? MissingNode.getInstance() : json;
        this.path = path;
        this.problems = problems;
    }

    public boolean present() {
        return !json.isMissingNode() && !json.isNull();
    }

    public boolean isMapping() {
        return json.isObject();
    }

    public String path() {
        return path;
    }

    public Node get(String key) {
        return new Node(json.get(key), path.isEmpty() ? key : path + "." + key, problems);
    }

    public void problem(String message) {
        problems.add((path.isEmpty() ? "<root>" : path) + ": " + message);
    }

    /** Reports keys this object does not know; a typo must not silently fall back to a default. */
    public void allowOnly(Set<String> keys) {
        if (!present()) {
            return;
        }
        if (!json.isObject()) {
            problem("expected a mapping, got " + describe());
            return;
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) {
                get(k).problem("unknown key (known: " + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
    }

    public String text(String dflt) {
        if (!present()) {
            return dflt;
        }
        if (!json.isValueNode() || json.isBoolean()) {
            problem("expected a string, got " + describe());
            return dflt;
        }
        return json.asText();
    }

    public boolean bool(boolean dflt) {
        if (!present()) {
            return dflt;
        }
        if (!json.isBoolean() && !(json.isTextual() && json.asText().matches("true|false"))) {
            problem("expected true or false, got " + describe());
            return dflt;
        }
        return json.asBoolean();
    }

    public int integer(int dflt, int min, int max) {
        if (!present()) {
            return dflt;
        }
        if (!json.canConvertToInt() || !json.isIntegralNumber() && !isIntText()) {
            problem("expected a whole number, got " + describe());
            return dflt;
        }
        int v = json.isIntegralNumber() ? json.asInt() : Integer.parseInt(json.asText().trim());
        if (v < min || v > max) {
            problem("must be between " + min + " and " + max + ", got " + v);
            return dflt;
        }
        return v;
    }

    public double number(double dflt, double min) {
        if (!present()) {
            return dflt;
        }
        boolean numericText = json.isTextual() && json.asText().trim().matches("\\d+(\\.\\d+)?");
        if (!json.isNumber() && !numericText) {
            problem("expected a number, got " + describe());
            return dflt;
        }
        double v = json.isNumber() ? json.asDouble() : Double.parseDouble(json.asText().trim());
        if (v < min || Double.isNaN(v) || Double.isInfinite(v)) {
            problem("must be a number >= " + min + ", got " + v);
            return dflt;
        }
        return v;
    }

    private boolean isIntText() {
        return json.isTextual() && json.asText().trim().matches("-?\\d{1,9}");
    }

    public Duration duration(Duration dflt) {
        if (!present()) {
            return dflt;
        }
        Matcher m = DURATION.matcher(json.asText().trim().toLowerCase(Locale.ROOT));
        if (!json.isValueNode() || !m.matches()) {
            problem("expected a duration like 500ms, 30s, 5m or 1h, got " + describe());
            return dflt;
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        long unitMillis = switch (unit) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        // Kept to what fits in a long of milliseconds, so later toMillis() cannot overflow either.
        long millis = inRange(m.group(1), unitMillis);
        if (millis < 0) {
            problem("duration out of range, got " + describe());
            return dflt;
        }
        return Duration.ofMillis(millis);
    }

    /** A duration above zero (a timeout or an interval of zero would be a mistake); else as {@link #duration}. */
    public Duration positiveDuration(Duration dflt) {
        Duration d = duration(dflt);
        if (present() && d.isZero()) {
            problem("must be more than 0, got " + describe());
            return dflt;
        }
        return d;
    }

    public long bytes(long dflt) {
        if (!present()) {
            return dflt;
        }
        Matcher m = SIZE.matcher(json.asText().trim().toLowerCase(Locale.ROOT));
        if (!json.isValueNode() || !m.matches()) {
            problem("expected a size like 16KB or 32MB, got " + describe());
            return dflt;
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        long size = inRange(m.group(1), switch (unit.charAt(0)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        });
        if (size < 0) {
            problem("size out of range, got " + describe());
            return dflt;
        }
        return size;
    }

    /** {@code digits} times {@code unit}, or -1 when that does not fit in a long. */
    private static long inRange(String digits, long unit) {
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    public List<Node> list() {
        List<Node> out = new ArrayList<>();
        if (!present()) {
            return out;
        }
        if (!json.isArray()) {
            problem("expected a list, got " + describe());
            return out;
        }
        for (int i = 0; i < json.size(); i++) {
            out.add(new Node(json.get(i), path + "[" + i + "]", problems));
        }
        return out;
    }

    public List<String> strings() {
        List<String> out = new ArrayList<>();
        for (Node n : list()) {
            String s = n.text(null);
            if (s == null || s.isBlank()) {
                n.problem("must not be empty");
            } else {
                out.add(s);
            }
        }
        return out;
    }

    public List<Map.Entry<String, Node>> entries() {
        List<Map.Entry<String, Node>> out = new ArrayList<>();
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
