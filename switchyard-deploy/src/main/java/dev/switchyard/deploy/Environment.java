package dev.switchyard.deploy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A deployment profile: the chart's {@code values-NAME.yaml} on top of its {@code values.yaml}. */
public enum Environment {
    DEV, STAGING, PROD;

    /** Its name as the command line and the values file say it: dev, staging, prod. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String valuesFile() {
        return "values-" + id() + ".yaml";
    }

    /** Parses dev, staging or prod; anything else is an error that names the value and the choices. */
    public static Environment parse(String s) {
        for (Environment e : values()) {
            if (e.id().equals(s == null ? null : s.strip().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown environment '" + s + "' (known: "
                + Arrays.stream(values()).map(Environment::id).collect(Collectors.joining(", ")) + ")");
    }
}
