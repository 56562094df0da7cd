package dev.switchyard.auth.limit;

/**
 * A script's reply that is not what the script returns (a field missing, of the wrong type, out of range):
 * a deployment mismatch (another version of the script, a proxy in between) or a bug. The message names the
 * script, the field and what was there, instead of an index error deep in the caller.
 */
final class MalformedReplyException extends IllegalStateException {
    MalformedReplyException(String script, String what) {
        super("Unexpected reply from " + script + ": " + what);
    }
}
