package dev.switchyard.cluster.claude;

/** How one {@code UpstreamCall} and its response's facts travel between roles: as headers around the raw bytes. */
final class ClaudeWire {
    static final String ROLE = "claude";
    static final String SEND = "send";
    static final String MODELS = "models";
    static final String FORWARD = "forward";
    /** A pass-through call's HTTP method, and the deployment it must go to (absent: the role chooses). */
    static final String METHOD = "x-switchyard-method";
    static final String PIN = "x-switchyard-pin";

    static final String PATH = "x-switchyard-path";
    static final String MODEL = "x-switchyard-model";
    static final String STREAM = "x-switchyard-stream";
    static final String DEPLOYMENT = "x-switchyard-deployment";
    static final String SERVED_MODEL = "x-switchyard-served-model";
    static final String FALLBACK = "x-switchyard-fallback";
    static final String ATTEMPTS = "x-switchyard-attempts";
    static final String IDLE_TIMEOUT = "x-switchyard-idle-timeout-ms";

    /** The upstream's own headers that a relayed answer keeps (the rest are hop-by-hop or Switchyard's own). */
    static boolean relayed(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.equals("content-type") || n.equals("retry-after") || n.equals("request-id")
                || n.equals("content-disposition") || n.startsWith("anthropic-");
    }

    /** The client headers a pass-through call carries to the role (the role's caller filters them again). */
    static boolean forwarded(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.equals("content-type") || n.equals("accept") || n.equals("anthropic-version")
                || n.equals("anthropic-beta");
    }

    private ClaudeWire() {}
}
