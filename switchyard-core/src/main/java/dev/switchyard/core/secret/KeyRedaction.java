package dev.switchyard.core.secret;

import java.util.regex.Pattern;

/**
 * Hides text shaped like an API key (ours {@code sk-sy-…}, Anthropic's {@code sk-ant-…}) in what a
 * client sent and the gateway echoes or keeps: a path or model id in an error body, a model id in a
 * ledger row. A key put there by mistake must not come back in places that proxies, logs and
 * reports keep.
 */
public final class KeyRedaction {
    private static final Pattern KEY = Pattern.compile("(?i)\\bsk-[a-z0-9_-]{8,}");
    public static final String REDACTED = "sk-[redacted]";

    private KeyRedaction() {}

    public static String redact(String text) {
        return text == null || !mayHoldKey(text) ? text : KEY.matcher(text).replaceAll(REDACTED);
    }

    /**
     * Whether {@code sk-} appears in any case: without it the pattern cannot match. Model ids, which the
     * ledger and every span redact, hold dashes but never this, and the regex engine costs a matcher per call.
     */
    private static boolean mayHoldKey(String text) {
        for (int i = text.indexOf('-', 2); i >= 0; i = text.indexOf('-', i + 1)) {
            char k = text.charAt(i - 1);
            char s = text.charAt(i - 2);
            if ((k == 'k' || k == 'K') && (s == 's' || s == 'S')) {
                return true;
            }
        }
        return false;
    }
}
