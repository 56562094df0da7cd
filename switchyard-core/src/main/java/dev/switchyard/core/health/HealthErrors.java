package dev.switchyard.core.health;

import dev.switchyard.core.secret.KeyRedaction;
import java.util.regex.Pattern;

/**
 * A failed check's reason as {@code /health} shows it: short, and without anything a driver may have
 * copied from its connection string (user info, password parameters) or anything shaped like an API key.
 */
final class HealthErrors {
    private static final int MAX_LENGTH = 200;
    private static final Pattern USER_INFO = Pattern.compile("(://)[^/@\\s]*@");
    private static final Pattern PASSWORD = Pattern.compile("(?i)\\b((?:ssl)?password|passwd|pwd|auth)(\\s*=\\s*)[^&;\\s,)}\\]]*");

    private HealthErrors() {}

    static String describe(Throwable e) {
        if (e == null) {
            return "failed";
        }
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
        return redact(text);
    }

    static String redact(String text) {
        String out = USER_INFO.matcher(text).replaceAll("$1***@");
        out = PASSWORD.matcher(out).replaceAll("$1$2***");
        out = KeyRedaction.redact(out).replaceAll("\\s+", " ");
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) + "…" : out;
    }
}
