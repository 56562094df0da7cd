package dev.switchyard.gateway;

import dev.switchyard.claude.UpstreamResource;

/**
 * A pass-through path as the gateway reads it: a Message Batches or Files path, with the object id and
 * the action after it ({@code cancel}, {@code results}, {@code content}) when there are; any other
 * {@code /v1/} path is opaque ({@code kind} null).
 */
record PassthroughPath(UpstreamResource.Kind kind, String id, String action) {
    static final String BATCHES = "/v1/messages/batches";
    static final String FILES = "/v1/files";
    /** The metric route of each kind of pass-through call (fixed labels, never the path). */
    static final String BATCHES_ROUTE = "batches";
    static final String FILES_ROUTE = "files";
    static final String OTHER_ROUTE = "passthrough";

    private static final java.util.regex.Pattern SEGMENT = java.util.regex.Pattern.compile("[A-Za-z0-9_\\-.~:]+");

    /**
     * Whether a path may be passed on: under {@code /v1/}, every segment plain (letters, digits, {@code _-.~:}),
     * none of them {@code .} or {@code ..} and no percent-escapes, so that nothing a deployment decodes or
     * normalizes can lead it outside {@code /v1/}.
     */
    static boolean safe(String path) {
        if (!path.startsWith("/v1/") || path.length() > 512) {
            return false;
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String s : segments) {
            if (s.equals(".") || s.equals("..") || !SEGMENT.matcher(s).matches()) {
                return false;
            }
        }
        return true;
    }

    static PassthroughPath parse(String path) {
        if (under(path, BATCHES)) {
            return of(UpstreamResource.Kind.BATCH, path.substring(BATCHES.length()));
        }
        if (under(path, FILES)) {
            return of(UpstreamResource.Kind.FILE, path.substring(FILES.length()));
        }
        return new PassthroughPath(null, null, null);
    }

    static String route(String path) {
        return under(path, BATCHES) ? BATCHES_ROUTE : under(path, FILES) ? FILES_ROUTE : OTHER_ROUTE;
    }

    /** The collection itself ({@code POST} creates, {@code GET} lists). */
    boolean collection() {
        return kind != null && id == null;
    }

    boolean opaque() {
        return kind == null;
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** {@code rest}: "", "/{id}" or "/{id}/{action}"; anything deeper stays opaque to the gateway's checks but keeps the id. */
    private static PassthroughPath of(UpstreamResource.Kind kind, String rest) {
        if (rest.isEmpty() || rest.equals("/")) {
            return new PassthroughPath(kind, null, null);
        }
        String[] parts = rest.substring(1).split("/", 2);
        return new PassthroughPath(kind, parts[0], parts.length > 1 ? parts[1] : null);
    }
}
