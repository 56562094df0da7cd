package dev.switchyard.upstream.impl;

/** What a deployment did wrong, recorded by its breaker. No stack trace: it is not a bug of ours. */
final class UpstreamFailure extends RuntimeException {
    UpstreamFailure(String message) {
        super(message, null, false, false);
    }
}
