package dev.switchyard.cluster.auth;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AuthService;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.cluster.RpcCall;
import dev.switchyard.cluster.RpcHandler;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.usage.UsageRecord;
import dev.switchyard.usage.UsageSink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth role on the role port: authenticates, admits and records usage for callers in other
 * processes with this process's {@link AuthService}, {@link AdmissionControl} and {@link UsageSink}.
 *
 * <p>An {@link Admission} is stateful (a concurrency slot, token and spend reservations), so it stays
 * here, held under a grant id the caller settles by. A caller that dies never settles: a grant not
 * settled within its TTL is settled here with zero usage (as a request that failed early), so nothing
 * leaks for ever; the number held is bounded, and an admission beyond it is refused with overloaded_error.
 * Usage batches carry an id; one sent again after a cut is taken once.
 */
public final class AuthEndpoint {
    private static final Logger log = LoggerFactory.getLogger(AuthEndpoint.class);
    public static final Duration DEFAULT_GRANT_TTL = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_GRANTS = 100_000;
    /** How often {@link #start} looks for expired grants (every admission looks too). */
    static final Duration SWEEP_PERIOD = Duration.ofSeconds(30);
    static final int REMEMBERED_BATCHES = 4096;

    private final AuthService auth;
    private final AdmissionControl admission;
    private final UsageSink usage;
    private final GrantTable grants;
    private final Duration sweepPeriod;
    private final RecentIds batches = new RecentIds(REMEMBERED_BATCHES);
    private Vertx vertx;
    private long timer = -1;

    /** With the defaults: grants held {@link #DEFAULT_GRANT_TTL}, at most {@link #DEFAULT_MAX_GRANTS}. */
    public AuthEndpoint(AuthService auth, AdmissionControl admission, UsageSink usage) {
        this(auth, admission, usage, Clock.systemUTC(), DEFAULT_GRANT_TTL, DEFAULT_MAX_GRANTS);
    }

    public AuthEndpoint(AuthService auth, AdmissionControl admission, UsageSink usage, Clock clock,
            Duration grantTtl, int maxGrants) {
        if (grantTtl == null || grantTtl.isNegative() || grantTtl.isZero()) {
            throw new IllegalArgumentException("auth grant TTL must be positive, got " + grantTtl);
        }
        if (maxGrants < 1) {
            throw new IllegalArgumentException("auth max grants must be at least 1, got " + maxGrants);
        }
        this.auth = auth;
        this.admission = admission;
        this.usage = usage;
        this.grants = new GrantTable(clock, grantTtl, maxGrants);
        this.sweepPeriod = grantTtl.compareTo(SWEEP_PERIOD) < 0 ? grantTtl : SWEEP_PERIOD;
    }

    public Map<String, RpcHandler> routes() {
        return Map.of(route(AuthWire.AUTHENTICATE), this::authenticate, route(AuthWire.ADMIT), this::admit,
                route(AuthWire.SETTLE), this::settle, route(AuthWire.RECORD), this::record);
    }

    /** Starts settling expired grants on a timer. */
    public synchronized void start(Vertx vertx) {
        if (timer < 0) {
            this.vertx = vertx;
            this.timer = vertx.setPeriodic(sweepPeriod.toMillis(), id -> expireGrants());
        }
    }

    /** Stops the timer and settles every grant still held, with zeros: call it once the role port has drained. */
    public synchronized void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        grants.settleAll();
    }

    /** Settles the grants whose TTL has passed; returns how many. */
    public int expireGrants() {
        return grants.expire();
    }

    /** Admissions held for callers now. */
    public int grantsHeld() {
        return grants.size();
    }

    /** Admissions settled here because their caller never did. */
    public long grantsExpired() {
        return grants.expired();
    }

    private static String route(String method) {
        return AuthWire.ROLE + "/" + method;
    }

    private void authenticate(RpcCall call) {
        call.complete(auth.authenticate(call.bodyAs(AuthWire.Credential.class).credential()));
    }

    private void admit(RpcCall call) {
        AuthWire.Admit admit = call.bodyAs(AuthWire.Admit.class);
        if (admit.who() == null || admit.request() == null) {
            throw ApiException.invalidRequest("admit needs who and request");
        }
        call.complete(admission.admit(admit.who(), admit.request()).compose(granted -> hold(call, admit, granted)));
    }

    /** Holds a granted admission for its caller, or gives it back at once when the caller cannot have it. */
    private Future<AuthWire.Grant> hold(RpcCall call, AuthWire.Admit admit, Admission granted) {
        String model = admit.request().model();
        if (call.cancellation().isCancelled()) {
            granted.settle(TokenUsage.none(model));
            return Future.failedFuture(new ApiException(ErrorType.API, "the caller withdrew the admission"));
        }
        String id = grants.hold(granted, model, admit.who().keyId(), admit.request().requestId());
        if (id == null) {
            granted.settle(TokenUsage.none(model));
            return Future.failedFuture(ApiException.overloaded("the auth role holds too many unsettled admissions"));
        }
        return Future.succeededFuture(new AuthWire.Grant(id, granted.headers()));
    }

    private void settle(RpcCall call) {
        AuthWire.Settle settle = call.bodyAs(AuthWire.Settle.class);
        grants.settle(settle.grantId(), settle.used());
        call.reply(null);
    }

    private void record(RpcCall call) {
        AuthWire.UsageBatch batch = call.bodyAs(AuthWire.UsageBatch.class);
        List<UsageRecord> records = new ArrayList<>(batch.records().size());
        try {
            batch.records().forEach(r -> records.add(r.toRecord()));
        } catch (DateTimeParseException e) {
            throw ApiException.invalidRequest("a usage record's time is not an instant");
        }
        if (batch.batchId() == null || batches.add(batch.batchId())) {
            for (UsageRecord r : records) {
                try {
                    usage.record(r);
                } catch (RuntimeException e) {
                    log.warn("auth role: the usage sink failed a record: {}", e.toString());
                }
            }
        }
        call.reply(null);
    }

    /** The last {@code max} ids seen, to take a batch sent again once. Guarded by its own lock. */
    private static final class RecentIds {
        private final LinkedHashMap<String, Boolean> ids;

        RecentIds(int max) {
            this.ids = new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > max;
                }
            };
        }

        /** Whether {@code id} is new (and now remembered). */
        synchronized boolean add(String id) {
            return ids.put(id, Boolean.TRUE) == null;
        }
    }
}
