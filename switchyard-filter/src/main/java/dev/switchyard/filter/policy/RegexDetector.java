package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every non-empty match of one regular expression. Also serves email, blocked terms and custom patterns. */
final class RegexDetector implements Detector {
    private final Pattern pattern;
    private final String category;
    private final Action action;
    private final int window;

    RegexDetector(Pattern pattern, String category, Action action, int window) {
        this.pattern = pattern;
        this.category = category;
        this.action = action;
        this.window = window;
    }

    /**
     * One alternation of all terms, longest first, case-insensitive. A side of a term that is a word
     * character must meet a non-word character, so "ass" does not match inside "class"; whitespace
     * inside a phrase matches any run of up to four whitespace characters (bounded for the look-behind).
     */
    static RegexDetector terms(List<String> terms, Action action) {
        StringBuilder alternation = new StringBuilder();
        int longest = 0;
        for (String term : terms.stream().map(String::strip).sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            alternation.append(alternation.isEmpty() ? "" : "|").append(termRegex(term));
            longest = Math.max(longest, term.length() * 4);
        }
        Pattern pattern = Pattern.compile("(?:" + alternation + ")", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return new RegexDetector(pattern, FilterPolicy.BLOCKED_TERM, action, longest);
    }

    private static String termRegex(String term) {
        StringBuilder regex = new StringBuilder();
        if (isWord(term.charAt(0))) {
            regex.append("(?<![\\p{L}\\p{N}_])");
        }
        String[] words = term.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            regex.append(i == 0 ? "" : "\\s{1,4}").append(Pattern.quote(words[i]));
        }
        if (isWord(term.charAt(term.length() - 1))) {
            regex.append("(?![\\p{L}\\p{N}_])");
        }
        return regex.toString();
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    @Override
    public void find(String text, List<Match> out) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            if (matcher.end() > matcher.start()) {
                out.add(new Match(matcher.start(), matcher.end(), category, action));
            }
        }
    }

    @Override
    public int window() {
        return window;
    }
}
