package dev.switchyard.core.config;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config text; {@code $${...}} stays literal, and so
 * does a reference on a comment line (an example left commented out must not need its variable set).
 */
final class EnvSubstitution {
    private static final Pattern REF = Pattern.compile("\\$?\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private EnvSubstitution() {}

    static String apply(String text, Function<String, String> env, List<String> problems) {
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String replacement;
            if (onCommentLine(text, m.start())) {
                replacement = m.group();
            } else if (m.group().startsWith("$$")) {
                replacement = m.group().substring(1);
            } else {
                String value = env.apply(m.group(1));
                if (value == null) {
                    value = m.group(2);
                }
                if (value == null) {
                    problems.add("line " + lineOf(text, m.start()) + ": environment variable " + m.group(1)
                            + " is not set (use ${" + m.group(1) + ":-default} to give a default)");
                    value = "";
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean onCommentLine(String text, int offset) {
        int i = offset - 1;
        while (i >= 0 && text.charAt(i) != '\n') {
            i--;
        }
        for (int j = i + 1; j < offset; j++) {
            char c = text.charAt(j);
            if (c == '#') {
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return false;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
