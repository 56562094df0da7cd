package dev.switchyard.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options; every option must be known to the command that reads it. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    static Args parse(String[] args, int from) {
        Args a = new Args();
        for (int i = from; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
            }
            a.values.put(args[i].substring(2), args[i + 1]);
        }
        return a;
    }

    String string(String name, String defaultValue) {
        String v = values.remove(name);
        if (v == null && defaultValue == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v == null ? defaultValue : v;
    }

    int integer(String name, int defaultValue) {
        String v = values.remove(name);
        return v == null ? defaultValue : Integer.parseInt(v);
    }

    double number(String name, double defaultValue) {
        String v = values.remove(name);
        return v == null ? defaultValue : Double.parseDouble(v);
    }

    /** Fails on options nobody read: a typo must not silently run the default. */
    void done() {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + values.keySet());
        }
    }
}
