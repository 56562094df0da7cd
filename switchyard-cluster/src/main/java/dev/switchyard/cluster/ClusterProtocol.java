package dev.switchyard.cluster;

/**
 * The internal protocol between roles: HTTP/2 (cleartext with prior knowledge between roles, HTTP/1.1
 * accepted for probes and curl), one {@code POST /rpc/ROLE/METHOD} per call, JSON bodies for the
 * services' calls and the Messages API's own bytes for the claude role's, errors in Anthropic's shape
 * with the status they would have had in one process.
 */
public final class ClusterProtocol {
    /** The cluster credential; every call but {@code GET /health} carries it. */
    public static final String SECRET_HEADER = "x-switchyard-cluster-secret";
    /** Milliseconds the caller will still wait for the answer to begin: the callee cancels a call not answered by then. */
    public static final String TIMEOUT_HEADER = "x-switchyard-timeout-ms";
    public static final String REQUEST_ID_HEADER = "x-switchyard-request-id";
    /** On every answer of an instance that is leaving (deregistered, draining): callers stop choosing it. */
    public static final String LEAVING_HEADER = "x-switchyard-leaving";
    /**
     * On an error answer for a call that did nothing at the instance
     * ({@link dev.switchyard.core.error.UnservedException}): the caller may try it on another instance.
     */
    public static final String UNSERVED_HEADER = "x-switchyard-unserved";
    public static final String RPC_PREFIX = "/rpc/";
    public static final String HEALTH_PATH = "/health";

    private ClusterProtocol() {}

    public static String path(String role, String method) {
        return RPC_PREFIX + role + "/" + method;
    }
}
