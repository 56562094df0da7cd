package dev.switchyard.jdbc;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Takes passwords out of text bound for exceptions and logs. Drivers and pools sometimes repeat the URL or the
 * connection properties they were given, and a JDBC URL may carry the password as a parameter
 * ({@code ?password=...}) or as user info ({@code //user:secret@host}).
 */
final class Secrets {
    static final String MASK = "***";
    private static final Pattern PARAMETER =
            Pattern.compile("(?i)\\b((?:ssl)?password|passwd|pwd)(\\s*=\\s*)[^&;\\s,)}\\]]*");
    private static final Pattern USER_INFO = Pattern.compile("(://[^/:@\\s]*:)[^@/\\s]*@");
    /** Cause chains are short; the bound only protects against a pathological one. */
    private static final int MAX_DEPTH = 16;

    private Secrets() {}

    static String redact(String text) {
        if (text == null) {
            return null;
        }
        String withoutUserInfo = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        return PARAMETER.matcher(withoutUserInfo).replaceAll("$1$2" + MASK);
    }

    /**
     * The exception itself when no message in its chain holds a secret (the usual case: nothing is copied);
     * otherwise a copy of the chain with redacted messages that keeps each SQLState, error code and stack
     * trace, so callers that classify failures by state see the same thing.
     */
    static Throwable scrub(Throwable e) {
        return holdsSecret(e, 0) ? copy(e, 0) : e;
    }

    private static boolean holdsSecret(Throwable e, int depth) {
        if (e == null || depth > MAX_DEPTH) {
            return false;
        }
        if (changes(e.getMessage())) {
            return true;
        }
        if (e instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != sql
                && holdsSecret(sql.getNextException(), depth + 1)) {
            return true;
        }
        return holdsSecret(e.getCause(), depth + 1);
    }

    private static boolean changes(String message) {
        return message != null && !message.equals(redact(message));
    }

    private static Throwable copy(Throwable e, int depth) {
        if (e == null || depth > MAX_DEPTH) {
            return null;
        }
        Throwable cause = copy(e.getCause(), depth + 1);
        Throwable copy;
        if (e instanceof SQLException sql) {
            SQLException sqlCopy = new SQLException(redact(sql.getMessage()), sql.getSQLState(), sql.getErrorCode(),
                    cause);
            SQLException next = sql.getNextException();
            if (next != null && next != sql) {
                Throwable nextCopy = copy(next, depth + 1);
                if (nextCopy instanceof SQLException nextSql) {
                    sqlCopy.setNextException(nextSql);
                }
            }
            copy = sqlCopy;
        } else {
            copy = new Exception(e.getClass().getName() + ": " + redact(e.getMessage()), cause);
        }
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
