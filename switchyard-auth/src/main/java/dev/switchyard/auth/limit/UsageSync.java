package dev.switchyard.auth.limit;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this replica's allowances owe Redis, sent every {@link RedisAdmissionControl#SYNC_PERIOD} in one
 * {@code sync.lua} call: settlements, credit unused for {@link RedisAdmissionControl#CREDIT_TTL}, slots given
 * back, charges. Each tick also ages the allowances and drops idle ones.
 *
 * <p>Timing: a timer drives the ticks, but every age and every demand period is read from the injected ticker,
 * so what a tick decides depends on ticker time only, not on how often the timer fired.
 *
 * <p>Concurrency: allowances are visited one at a time under their own lock; {@link SyncQueue} keeps one batch in
 * flight and resends it until acknowledged.
 */
final class UsageSync {
    private static final Logger log = LoggerFactory.getLogger(UsageSync.class);
    private static final long SYNC_MARKER_SECONDS = Duration.ofMinutes(10).toSeconds();

    private final Allowances allowances;
    private final RedisScripts scripts;
    private final Meters meters;
    private final LongSupplier ticker;
    private final long idleNanos;
    private final SyncQueue queue;

    UsageSync(Allowances allowances, RedisScripts scripts, Meters meters, LongSupplier ticker, long idleNanos,
            String prefix, String replicaId) {
        this.allowances = allowances;
        this.scripts = scripts;
        this.meters = meters;
        this.ticker = ticker;
        this.idleNanos = idleNanos;
        this.queue = new SyncQueue(prefix, replicaId, SYNC_MARKER_SECONDS, this::send, e -> {
            meters.settleFailed();
            log.warn("Redis refused a sync of usage and credit; dropped: {}", e.getMessage());
        });
    }

    /** The timer's tick: demand periods rolled, stale credit given back, one sync sent. */
    void tick() {
        age(false);
        queue.sendNext(() -> collect(false));
    }

    /** Gives back all unused credit and sends everything owed to Redis; completes when Redis has it. */
    Future<Void> flush() {
        age(true);
        return queue.drain(() -> collect(true));
    }

    private void age(boolean all) {
        long now = ticker.getAsLong();
        allowances.forEachLocked(a -> {
            a.rollDemand(now);
            a.expire(now, RedisAdmissionControl.CREDIT_TTL.toNanos(), RedisAdmissionControl.SYNC_PERIOD.toNanos(),
                    all);
        });
    }

    /** What every scope set owes Redis, as sync entries; idle scope sets are dropped once they owe nothing. */
    private List<String> collect(boolean keepIdle) {
        List<String> entries = new ArrayList<>();
        int[] count = {0};
        long now = ticker.getAsLong();
        allowances.forEachLocked(a -> {
            count[0] += SyncQueue.entries(a, entries);
            if (!keepIdle) {
                allowances.dropIfIdle(a, now, idleNanos);
            }
        });
        if (count[0] == 0) {
            return List.of();
        }
        entries.add(0, Integer.toString(count[0]));
        return entries;
    }

    /**
     * A sync goes out past an open breaker (it is off the request path, one at a time): the charges of requests
     * let in locally while the breaker is open (Redis slow, not down) must reach Redis then, not seconds later,
     * or the other replicas go on admitting against a count that lacks them.
     */
    private Future<Response> send(List<String> args) {
        return scripts.callPastBreaker(RedisScripts.SYNC, args).andThen(ar -> {
            if (ar.failed()) {
                return;
            }
            SyncReply reply;
            try {
                reply = SyncReply.decode(ar.result());
            } catch (MalformedReplyException e) {
                log.warn("{}", e.getMessage());
                return;
            }
            if (reply.failedScopes() > 0) {
                // The other scopes of the batch were applied; these ones' usage and credit are lost.
                for (int i = 0; i < reply.failedScopes(); i++) {
                    meters.settleFailed();
                }
                log.warn("Redis could not apply {} scope(s) of a sync of usage and credit: {}", reply.failedScopes(),
                        reply.firstError());
            }
        });
    }
}
