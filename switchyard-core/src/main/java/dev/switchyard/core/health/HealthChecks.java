package dev.switchyard.core.health;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs this process's dependency checks for {@code /health}: all of them at once, each bounded by the
 * timeout, and keeps the outcome for {@code cacheFor} so that frequent probes (a load balancer, every
 * instance's health checker) do not hammer the databases.
 *
 * <p>Concurrency: {@link #report} may be called from any thread. One round runs at a time: callers while
 * it runs share it, callers within {@code cacheFor} after it finished get its outcome. Guarded by
 * {@code this}; the checks themselves run outside the lock.
 */
public final class HealthChecks {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_CACHE = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final Clock clock;
    private final Duration timeout;
    private final Duration cacheFor;
    private final String instance;
    private final List<String> roles;
    private final List<DependencySource> sources;
    private Future<Map<String, DependencyStatus>> running;
    private Map<String, DependencyStatus> last;
    private Instant lastAt;

    /**
     * @param instance this process's instance id (null: none shown)
     * @param roles the roles this process serves
     */
    public HealthChecks(Vertx vertx, Clock clock, Duration timeout, Duration cacheFor, String instance,
            List<String> roles, List<DependencySource> sources) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("health check timeout must be positive, got " + timeout);
        }
        this.vertx = vertx;
        this.clock = clock;
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.instance = instance;
        this.roles = List.copyOf(roles);
        this.sources = List.copyOf(sources);
    }

    /** With the default timeout (2 s) and cache (1 s), on the system clock. */
    public static HealthChecks of(Vertx vertx, String instance, List<String> roles, List<DependencySource> sources) {
        return new HealthChecks(vertx, Clock.systemUTC(), DEFAULT_TIMEOUT, DEFAULT_CACHE, instance, roles, sources);
    }

    /** These checks plus {@code more} (a new runner: nothing cached). */
    public HealthChecks with(DependencySource more) {
        List<DependencySource> all = new ArrayList<>(sources);
        all.add(more);
        return new HealthChecks(vertx, clock, timeout, cacheFor, instance, roles, all);
    }

    /** The same checks reported under this instance id and these roles. */
    public HealthChecks as(String instance, List<String> roles) {
        return new HealthChecks(vertx, clock, timeout, cacheFor, instance, roles, sources);
    }

    public String instance() {
        return instance;
    }

    public List<String> roles() {
        return roles;
    }

    /** The report, {@code requests} being the count of requests this process has handled. Never fails. */
    public Future<HealthReport> report(long requests) {
        return dependencies().map(deps -> new HealthReport(HealthReport.statusOf(deps), instance, roles, requests,
                deps));
    }

    private Future<Map<String, DependencyStatus>> dependencies() {
        Promise<Map<String, DependencyStatus>> round;
        synchronized (this) {
            if (running != null) {
                return running;
            }
            if (last != null && clock.instant().isBefore(lastAt.plus(cacheFor))) {
                return Future.succeededFuture(last);
            }
            round = Promise.promise();
            running = round.future();
        }
        runAll().onComplete(ar -> {
            Map<String, DependencyStatus> result = ar.succeeded() ? ar.result() : Map.of();
            synchronized (this) {
                last = result;
                lastAt = clock.instant();
                running = null;
            }
            round.complete(result);
        });
        return round.future();
    }

    private Future<Map<String, DependencyStatus>> runAll() {
        List<DependencyCheck> checks = new ArrayList<>();
        for (DependencySource source : sources) {
            try {
                checks.addAll(source.dependencyChecks());
            } catch (RuntimeException e) {
                checks.add(DependencyCheck.required("health_source", t -> Future.failedFuture(e)));
            }
        }
        List<Future<DependencyStatus>> outcomes = checks.stream().map(this::run).toList();
        return Future.join(outcomes).transform(ignored -> {
            Map<String, DependencyStatus> out = new LinkedHashMap<>();
            for (int i = 0; i < checks.size(); i++) {
                out.put(checks.get(i).name(), outcomes.get(i).result());
            }
            return Future.succeededFuture(out);
        });
    }

    /** One check, bounded by the timeout; always succeeds with the dependency's status. */
    private Future<DependencyStatus> run(DependencyCheck check) {
        long start = System.nanoTime();
        Promise<DependencyStatus> answer = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), id -> answer.tryComplete(
                new DependencyStatus(false, check.required(), timeout.toMillis(), "timeout after " + timeout.toMillis()
                        + " ms")));
        Future<Void> probe;
        try {
            probe = check.probe().check(timeout);
        } catch (RuntimeException e) {
            probe = Future.failedFuture(e);
        }
        probe.onComplete(ar -> {
            vertx.cancelTimer(timer);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            answer.tryComplete(new DependencyStatus(ar.succeeded(), check.required(), ms,
                    ar.succeeded() ? null : HealthErrors.describe(ar.cause())));
        });
        return answer.future();
    }
}
