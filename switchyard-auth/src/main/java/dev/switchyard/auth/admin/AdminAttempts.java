package dev.switchyard.auth.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Failed /admin authentications per client address (the connection's, never a header a client can write): a token
 * bucket each, {@link #BURST} failures at once and one more every {@link #REFILL}, in a bounded cache so that many
 * addresses cannot grow memory (a bucket left alone long enough to be full again is simply dropped). Once an
 * address's bucket is empty its failures are answered 429 with retry-after instead of 401.
 *
 * <p>Successful attempts never touch a bucket: an admin behind the same address as a flood (a NAT, a proxy) keeps
 * working. Admin keys are 256-bit random, so guessing is hopeless either way; the limit is about what a flood of
 * wrong keys costs and how it looks to its sender.
 */
final class AdminAttempts {
    static final int BURST = 10;
    static final Duration REFILL = Duration.ofSeconds(6);
    private static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES)
            .expireAfterAccess(REFILL.multipliedBy(BURST)).build();

    AdminAttempts(Clock clock) {
        this.clock = clock;
    }

    /** Counts a failure from {@code address}: empty while within its allowance, else how long until the next one is. */
    Optional<Duration> failed(String address) {
        long now = clock.millis();
        Bucket bucket = buckets.get(address, a -> new Bucket(BURST, now));
        synchronized (bucket) {
            return bucket.take(now);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        Optional<Duration> take(long now) {
            long refill = REFILL.toMillis();
            tokens = Math.min(BURST, tokens + (double) Math.max(0, now - at) / refill);
            at = Math.max(at, now);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) Math.ceil((1 - tokens) * refill)));
        }
    }
}
