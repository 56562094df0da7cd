package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IBANs: two-letter country code, two check digits, 11 to 30 alphanumerics (optionally in groups
 * of four separated by single spaces), valid under the ISO 13616 mod-97 check. When the whole
 * candidate fails, shorter candidates ending at a group boundary are tried, so a trailing
 * capitalised word does not hide the IBAN before it.
 */
final class IbanDetector implements Detector {
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");
    private static final int MIN = 15;
    private static final int MAX = 34;

    private final Action action;

    IbanDetector(Action action) {
        this.action = action;
    }

    @Override
    public void find(String text, List<Match> out) {
        Matcher candidate = CANDIDATE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int i = 0;
        while (i + 4 <= text.length()) {
            if (!looksLikeStart(text, i)) {
                i++;
                continue;
            }
            candidate.region(i, text.length());
            int end = candidate.lookingAt() ? longestValidEnd(text, i, candidate.end()) : -1;
            if (end > 0) {
                out.add(new Match(i, end, PiiCategory.IBAN.name(), action));
                i = end;
            } else {
                i++;
            }
        }
    }

    /** Two capitals and two digits: the only places worth running the pattern. */
    private static boolean looksLikeStart(String text, int i) {
        return isUpper(text.charAt(i)) && isUpper(text.charAt(i + 1))
                && Character.isDigit(text.charAt(i + 2)) && Character.isDigit(text.charAt(i + 3));
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** The end of the longest valid IBAN starting at {@code start} that ends at a word or group boundary; -1 if none. */
    private static int longestValidEnd(String text, int start, int end) {
        for (int e = end; e > start; e--) {
            boolean boundary = e == end || text.charAt(e) == ' ';
            if (boundary && text.charAt(e - 1) != ' ' && valid(text, start, e)) {
                return e;
            }
        }
        return -1;
    }

    /** Length and the mod-97 check: the first four characters move to the end, letters count as 10..35. */
    static boolean valid(CharSequence text, int from, int to) {
        StringBuilder compact = new StringBuilder(MAX);
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c != ' ') {
                compact.append(c);
            }
        }
        if (compact.length() < MIN || compact.length() > MAX) {
            return false;
        }
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        int remainder = 0;
        for (int k = 0; k < rearranged.length(); k++) {
            int value = Character.digit(rearranged.charAt(k), 36);
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
        }
        return remainder == 1;
    }

    @Override
    public int window() {
        return MAX + MAX / 4;
    }
}
