package dev.switchyard.auth.limit;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.config.FailMode;
import dev.switchyard.core.pricing.PriceTable;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decisions without the shared limits, when Redis is slow or down: per control as configured, CLOSED to the
 * {@link LocalLimiter} (rates starting from the scope set's {@link FallbackFloor}), OPEN to no limit. Spend
 * settled meanwhile is kept in a {@link LocalSpendBacklog} and handed to Redis ({@code reconcile.lua}) once a
 * grant succeeds again; each grant's spend report keeps the local budgets' baseline current.
 *
 * <p>Concurrency: called from any event loop. The floor is applied under its allowance's lock. The backlog is a
 * concurrent map whose entries each leave it through exactly one drain, so payments running at once never send
 * the same spend twice; a failed payment merges its part back into what came meanwhile.
 */
final class LocalFallback {
    private static final Logger log = LoggerFactory.getLogger(LocalFallback.class);

    private final LocalLimiter local;
    private final FailMode rateLimitsOnDown;
    private final FailMode budgetsOnDown;
    private final Meters meters;
    private final PriceTable prices;
    private final Clock clock;
    private final RedisScripts scripts;
    private final String prefix;
    private final LocalSpendBacklog backlog = new LocalSpendBacklog();

    LocalFallback(LocalLimiter local, FailMode rateLimitsOnDown, FailMode budgetsOnDown, Meters meters,
            PriceTable prices, Clock clock, RedisScripts scripts, String prefix) {
        this.local = local;
        this.rateLimitsOnDown = rateLimitsOnDown;
        this.budgetsOnDown = budgetsOnDown;
        this.meters = meters;
        this.prices = prices;
        this.clock = clock;
        this.scripts = scripts;
        this.prefix = prefix;
    }

    /** Decides a request of {@code a}'s scope set whose grant failed with {@code cause}; fails only to refuse it. */
    Future<Admission> admit(Allowance a, AdmissionRequest request, long worst, Throwable cause) {
        List<Scope> scopes = a.scopes();
        try {
            boolean localRates = rateLimitsOnDown == FailMode.CLOSED;
            if (localRates) {
                // A share of what Redis had left, not a fresh bucket (FallbackFloor).
                a.lock();
                try {
                    a.applyFloorTo(local);
                } finally {
                    a.unlock();
                }
            }
            boolean localBudgets = budgetsOnDown == FailMode.CLOSED;
            if (scopes.stream().anyMatch(Scope::hasRates)) {
                meters.fallback(LimitMetrics.CONTROL_RATE_LIMITS, mode(localRates));
            }
            if (scopes.stream().anyMatch(Scope::hasBudgets)) {
                meters.fallback(LimitMetrics.CONTROL_BUDGETS, mode(localBudgets));
            }
            log.debug("Admission without the shared limits: {}", cause.toString());
            return local.admit(Scope.keeping(scopes, localRates, localBudgets), request, worst)
                    .map(admission -> owing(scopes, admission));
        } catch (RuntimeException e) {
            return Future.succeededFuture(Admission.UNLIMITED);
        }
    }

    private static String mode(boolean local) {
        return local ? LimitMetrics.MODE_LOCAL : LimitMetrics.MODE_OPEN;
    }

    /** Hands the shared spend a grant reported to the local budgets. */
    void observe(List<Scope> scopes, GrantReply.Decided r) {
        try {
            LocalDate day = LocalDate.parse(r.day());
            for (int i = 0; i < scopes.size(); i++) {
                GrantReply.ScopeReport s = r.scopes().get(i);
                local.observe(scopes.get(i).name(), day, r.redisNowMicros(), s.dayUsed(), s.monthUsed());
                meters.budgetUsed(LimitMetrics.PERIOD_DAILY, s.dayUsed(), scopes.get(i).quota().dailyBudgetMicros());
                meters.budgetUsed(LimitMetrics.PERIOD_MONTHLY, s.monthUsed(),
                        scopes.get(i).quota().monthlyBudgetMicros());
            }
        } catch (RuntimeException e) {
            // The decision stands; the fallback just keeps an older baseline.
            log.debug("Unreadable spend report from the grant script: {}", e.toString());
        }
    }

    /** Redis answers again: hands it what was spent locally meanwhile (once; put back if it fails). */
    void payBacklog() {
        if (backlog.isEmpty()) {
            return;
        }
        List<LocalSpendBacklog.Owed> owed = backlog.drain();
        List<String> args = new ArrayList<>(List.of(prefix));
        for (LocalSpendBacklog.Owed o : owed) {
            args.addAll(List.of(o.scope(), o.day().toString(), o.day().toString().substring(0, 7),
                    Long.toString(o.micros())));
        }
        scripts.call(RedisScripts.RECONCILE, args, null).onFailure(e -> backlog.restore(owed));
    }

    /** A fallback admission whose real cost, once settled, is owed to the shared budget counters. */
    private Admission owing(List<Scope> scopes, Admission admitted) {
        return new Admission() {
            @Override
            public Map<String, String> headers() {
                return admitted.headers();
            }

            @Override
            public void settle(TokenUsage used) {
                admitted.settle(used);
                try {
                    backlog.add(scopes, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), prices.costMicros(used));
                } catch (RuntimeException e) {
                    log.debug("could not note local spend: {}", e.toString());
                }
            }
        };
    }
}
