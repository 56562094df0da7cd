package dev.switchyard.upstream.impl;

import java.util.Locale;

/**
 * Tells a failure of this gateway's own resources (out of file descriptors, out of ephemeral ports,
 * out of socket buffers) from a failure of the deployment. Only the second may count against the
 * deployment's breaker: a gateway that runs out of descriptors under a load spike must not open the
 * breaker of a healthy upstream and turn the spike into a breaker-long outage.
 */
final class LocalFailure {
    // Kernel messages (strerror) as the JDK and Netty's native transports report them.
    private static final String[] LOCAL_ERRORS = {
        "too many open files",          // EMFILE, ENFILE ("... in system")
        "cannot assign requested address", // EADDRNOTAVAIL: no ephemeral port left
        "no buffer space available",    // ENOBUFS
    };

    private LocalFailure() {
    }

    static boolean isLocal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                for (String local : LOCAL_ERRORS) {
                    if (lower.contains(local)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
