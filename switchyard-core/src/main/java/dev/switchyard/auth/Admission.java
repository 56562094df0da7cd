package dev.switchyard.auth;

import java.util.Map;

/**
 * A request that was let in. It holds a concurrency slot, a token estimate and a spend reservation
 * until {@link #settle} gives them back with the real figures. Settling twice is a no-op.
 */
public interface Admission {

    /** Admitted without any limit: the core pipeline without the auth service. */
    Admission UNLIMITED = new Admission() {
        @Override
        public Map<String, String> headers() {
            return Map.of();
        }

        @Override
        public void settle(TokenUsage used) {
        }
    };

    /** The {@code anthropic-ratelimit-*} headers that go on the response. */
    Map<String, String> headers();

    /** Called once when the request is over, with what it really used (zeros when it failed early). */
    void settle(TokenUsage used);
}
