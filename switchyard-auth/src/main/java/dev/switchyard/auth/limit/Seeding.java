package dev.switchyard.auth.limit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Creates budget counters missing in Redis (restarted, flushed, a new day) from the durable totals
 * ({@link SpendSource}, blocking, run off the event loop) with {@code seed.lua}, which leaves counters that
 * exist alone.
 *
 * <p>Concurrency: one seeding per scope and day at a time. Requests whose grant found the counters missing
 * while a seeding is in flight, or within {@link #DEDUPE} (ticker time) after it succeeded (their grant ran before
 * the seed landed), share it instead of asking the source again: a map from scope and day to the seeding, whose
 * entry is claimed with an atomic put or replace, so that of concurrent callers exactly one starts a seeding.
 * A failed seeding is forgotten at once, so the next grant tries again.
 */
final class Seeding {
    /** How long a successful seeding answers for its scope and day. */
    static final Duration DEDUPE = Duration.ofMillis(500);
    private static final long DAY_TTL_SECONDS = Duration.ofDays(3).toSeconds();
    private static final long MONTH_TTL_SECONDS = Duration.ofDays(33).toSeconds();
    private static final long RUNNING = Long.MIN_VALUE;

    /** One seeding: its outcome, and when (ticker time) it succeeded. */
    private static final class Run {
        final Promise<Void> promise = Promise.promise();
        volatile long succeededNanos = RUNNING;

        boolean stale(long nowNanos, long dedupeNanos) {
            long at = succeededNanos;
            return at != RUNNING && nowNanos - at >= dedupeNanos;
        }
    }

    private final Vertx vertx;
    private final RedisScripts scripts;
    private final SpendSource spend;
    private final Meters meters;
    private final String prefix;
    private final LongSupplier ticker;
    private final long dedupeNanos = DEDUPE.toNanos();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    Seeding(Vertx vertx, RedisScripts scripts, SpendSource spend, Meters meters, String prefix, LongSupplier ticker) {
        this.vertx = vertx;
        this.scripts = scripts;
        this.spend = spend;
        this.meters = meters;
        this.prefix = prefix;
        this.ticker = ticker;
    }

    /** Creates the counters a grant reported missing, of the scope set {@code scopes}. */
    Future<Void> seed(List<Scope> scopes, GrantReply.SeedNeeded r) {
        List<Future<Void>> seeded = new ArrayList<>();
        for (int i : r.missingScopes()) {
            seeded.add(seed(scopes.get(i), r.day(), r.month()));
        }
        return Future.all(seeded).mapEmpty();
    }

    private Future<Void> seed(Scope scope, String day, String month) {
        String key = scope.name() + '|' + day;
        Run mine = new Run();
        while (true) {
            long now = ticker.getAsLong();
            Run running = runs.putIfAbsent(key, mine);
            if (running == null) {
                break;
            }
            if (!running.stale(now, dedupeNanos)) {
                return running.promise.future();
            }
            if (runs.replace(key, running, mine)) {
                break;
            }
        }
        // Seedings are rare (a missing counter): the moment to forget the others that are stale.
        long now = ticker.getAsLong();
        runs.values().removeIf(r -> r != mine && r.stale(now, dedupeNanos));
        vertx.<SpendSource.SpendTotals>executeBlocking(() -> {
            meters.seeded();
            return spend.totals(scope.name(), LocalDate.parse(day));
        }, false).compose(t -> scripts.call(RedisScripts.SEED, List.of(prefix, day, month,
                Long.toString(DAY_TTL_SECONDS), Long.toString(MONTH_TTL_SECONDS), "1", scope.name(),
                Long.toString(t.dayMicros()), Long.toString(t.monthMicros())), null)).<Void>mapEmpty()
                .onComplete(ar -> {
                    if (ar.failed()) {
                        runs.remove(key, mine);
                    } else {
                        mine.succeededNanos = ticker.getAsLong();
                    }
                    mine.promise.handle(ar);
                });
        return mine.promise.future();
    }
}
