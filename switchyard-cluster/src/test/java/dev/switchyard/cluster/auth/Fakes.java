package dev.switchyard.cluster.auth;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.AuthService;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.usage.UsageRecord;
import dev.switchyard.usage.UsageSink;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory auth, admission and usage on the serving side: the hop is what the tests test. */
final class Fakes {
    static final String LIMITED_MODEL = "limited";
    static final String BROKE_MODEL = "broke";
    static final Map<String, String> RATE_HEADERS = Map.of("anthropic-ratelimit-requests-limit", "60",
            "anthropic-ratelimit-requests-remaining", "0", "anthropic-ratelimit-requests-reset", "2026-11-29T06:00:00Z");

    private Fakes() {}

    /** Knows the keys it was given; anything else is an authentication_error. */
    static final class Auth implements AuthService {
        final Map<String, Principal> keys = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Future<Principal> authenticate(String credential) {
            calls.incrementAndGet();
            Principal p = credential == null ? null : keys.get(credential);
            return p != null ? Future.succeededFuture(p)
                    : Future.failedFuture(new ApiException(ErrorType.AUTHENTICATION, "invalid x-api-key"));
        }
    }

    /** A 429 with the rate limit headers, as the limiter raises it. */
    static final class Limited extends ApiException {
        Limited() {
            super(ErrorType.RATE_LIMIT, "Number of requests has exceeded your per-minute rate limit",
                    Duration.ofSeconds(7));
        }

        @Override
        public Map<String, String> headers() {
            return RATE_HEADERS;
        }
    }

    /** Admits every model but two: {@link #LIMITED_MODEL} (429) and {@link #BROKE_MODEL} (402). */
    static final class Admissions implements AdmissionControl {
        final String instanceId;
        final List<Live> admitted = new CopyOnWriteArrayList<>();

        Admissions(String instanceId) {
            this.instanceId = instanceId;
        }

        @Override
        public Future<Admission> admit(Principal who, AdmissionRequest request) {
            if (LIMITED_MODEL.equals(request.model())) {
                return Future.failedFuture(new Limited());
            }
            if (BROKE_MODEL.equals(request.model())) {
                return Future.failedFuture(new ApiException(ErrorType.BILLING, "The daily spend budget is exhausted"));
            }
            Live live = new Live(instanceId, request);
            admitted.add(live);
            return Future.succeededFuture(live);
        }
    }

    /** An admission that counts its settlements. */
    static final class Live implements Admission {
        final String instanceId;
        final AdmissionRequest request;
        final AtomicInteger settles = new AtomicInteger();
        volatile TokenUsage used;

        Live(String instanceId, AdmissionRequest request) {
            this.instanceId = instanceId;
            this.request = request;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("anthropic-ratelimit-requests-remaining", "41");
        }

        @Override
        public void settle(TokenUsage used) {
            this.used = used;
            settles.incrementAndGet();
        }
    }

    static final class Usage implements UsageSink {
        final ConcurrentLinkedQueue<UsageRecord> records = new ConcurrentLinkedQueue<>();

        @Override
        public void record(UsageRecord record) {
            records.add(record);
        }
    }
}
