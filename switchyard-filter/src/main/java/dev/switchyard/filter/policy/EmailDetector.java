package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email addresses: a local part of up to 64 characters, "@", one to four dot-separated labels and
 * a top-level domain of letters. The pattern runs only where an "@" is, because a regular
 * expression tried at every position of a text costs several times more.
 */
final class EmailDetector implements Detector {
    private static final int LOCAL_MAX = 64;
    /** Domains longer than this are not matched; it bounds the streaming look-behind. */
    private static final int DOMAIN_MAX = 80;
    private static final Pattern ADDRESS = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1," + LOCAL_MAX + "}@(?=[A-Za-z0-9.-]{4," + DOMAIN_MAX + "}(?![A-Za-z0-9.-]))"
                    + "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,3}[A-Za-z]{2,24}(?![A-Za-z0-9-])");

    private final Action action;

    EmailDetector(Action action) {
        this.action = action;
    }

    @Override
    public void find(String text, List<Match> out) {
        Matcher matcher = ADDRESS.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int from = 0;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', Math.max(at + 1, from))) {
            int start = at;
            while (start > from && at - start < LOCAL_MAX && isLocal(text.charAt(start - 1))) {
                start--;
            }
            if (start == at) {
                continue;
            }
            matcher.region(start, text.length());
            if (matcher.lookingAt()) {
                out.add(new Match(start, matcher.end(), PiiCategory.EMAIL.name(), action));
                from = matcher.end();
            }
        }
    }

    private static boolean isLocal(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    @Override
    public int window() {
        return LOCAL_MAX + 1 + DOMAIN_MAX;
    }

    /**
     * An address that may still grow has its "@" among the last DOMAIN_MAX + 1 characters (a longer
     * domain is never matched) and starts at most LOCAL_MAX before it; with no "@" there, only a local
     * part still waiting for its "@" can grow, and it is at most LOCAL_MAX long. So a stream holds
     * back about 65 characters for addresses, not the whole 145-character window, unless one is in
     * the making.
     */
    @Override
    public int hold(CharSequence pending) {
        int n = pending.length();
        for (int i = Math.max(0, n - (DOMAIN_MAX + 2)); i < n; i++) {
            if (pending.charAt(i) == '@') {
                return Math.min(window(), n - i + LOCAL_MAX + 1);
            }
        }
        return LOCAL_MAX + 1;
    }
}
