package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;

import java.util.ArrayList;
import java.util.List;

/**
 * Payment card numbers: 13 to 19 digits, optionally in groups split by one space or dash, passing
 * the Luhn check. A longer run of groups is searched for a card-length stretch of whole groups, so
 * "ref 1234 4111 1111 1111 1111" still finds the card after the reference.
 */
final class CardDetector implements Detector {
    private static final int MIN = 13;
    private static final int MAX = 19;

    private final Action action;

    CardDetector(Action action) {
        this.action = action;
    }

    @Override
    public void find(String text, List<Match> out) {
        int i = 0;
        while (i < text.length()) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int end = runEnd(text, i);
            boolean partOfDecimal = i > 0 && (text.charAt(i - 1) == '.' || text.charAt(i - 1) == ',');
            if (!partOfDecimal && digits(text, i, end) >= MIN) {
                findInRun(text, i, end, out);
            }
            i = end;
        }
    }

    private void findInRun(String text, int from, int to, List<Match> out) {
        List<int[]> groups = groups(text, from, to);
        int i = 0;
        while (i < groups.size()) {
            int next = i + 1;
            int digits = 0;
            for (int j = i; j < groups.size() && digits <= MAX; j++) {
                digits += groups.get(j)[1] - groups.get(j)[0];
                if (digits >= MIN && digits <= MAX && luhn(text, groups.get(i)[0], groups.get(j)[1])) {
                    out.add(new Match(groups.get(i)[0], groups.get(j)[1], PiiCategory.CARD.name(), action));
                    next = j + 1;
                    break;
                }
            }
            i = next;
        }
    }

    /** End of a run of digits, single spaces or dashes between digits. */
    private static int runEnd(String text, int from) {
        int k = from;
        while (k < text.length()) {
            char c = text.charAt(k);
            if (isDigit(c)) {
                k++;
            } else if ((c == ' ' || c == '-') && k + 1 < text.length() && isDigit(text.charAt(k + 1))) {
                k += 2;
            } else {
                break;
            }
        }
        return k;
    }

    private static int digits(String text, int from, int to) {
        int n = 0;
        for (int k = from; k < to; k++) {
            n += isDigit(text.charAt(k)) ? 1 : 0;
        }
        return n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static List<int[]> groups(String text, int from, int to) {
        List<int[]> groups = new ArrayList<>();
        int start = from;
        for (int k = from; k <= to; k++) {
            if (k == to || !isDigit(text.charAt(k))) {
                groups.add(new int[] {start, k});
                start = k + 1;
            }
        }
        return groups;
    }

    /** The Luhn mod-10 check over the digits between {@code from} and {@code to}, separators skipped. */
    static boolean luhn(CharSequence text, int from, int to) {
        int sum = 0;
        boolean doubled = false;
        for (int k = to - 1; k >= from; k--) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    @Override
    public int window() {
        return MAX * 2;
    }
}
