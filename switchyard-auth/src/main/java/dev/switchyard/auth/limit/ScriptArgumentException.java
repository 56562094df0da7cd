package dev.switchyard.auth.limit;

/**
 * A script refused its arguments ({@code SWITCHYARD_BADARG}, checked before its first write, so nothing
 * was written). The message names the script, the argument and its value as the script saw it.
 */
final class ScriptArgumentException extends RuntimeException {
    static final String MARKER = "SWITCHYARD_BADARG";

    ScriptArgumentException(String message) {
        super(message, null, false, false);
    }

    /** The decoded refusal when {@code e} is one, else {@code e}. */
    static Throwable decode(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            return e;
        }
        int at = m.indexOf(MARKER);
        return at < 0 ? e : new ScriptArgumentException(m.substring(at + MARKER.length()).trim());
    }
}
