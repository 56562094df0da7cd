package dev.switchyard.simulator;

/**
 * What part of the API a request is for, counted apart so that a test can tell which simulator (which
 * deployment) served a call of each kind.
 */
enum PathKind {
    /** {@code /v1/messages} and {@code /v1/messages/count_tokens}. */
    MESSAGES,
    /** {@code /v1/messages/batches} and everything under it. */
    BATCHES,
    /** {@code /v1/files} and everything under it. */
    FILES,
    /** Anything else: models, text completions, unknown paths. */
    OTHER;

    private static final String BATCHES_PATH = "/v1/messages/batches";
    private static final String FILES_PATH = "/v1/files";

    static PathKind of(String path) {
        if (under(path, BATCHES_PATH)) {
            return BATCHES;
        }
        if (path.equals("/v1/messages") || path.equals("/v1/messages/count_tokens")) {
            return MESSAGES;
        }
        return under(path, FILES_PATH) ? FILES : OTHER;
    }

    /** The path itself or one below it: {@code /v1/filesystem} is not under {@code /v1/files}. */
    static boolean under(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
