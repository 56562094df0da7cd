package dev.switchyard.cluster.auth;

import dev.switchyard.cluster.RoleClient;
import dev.switchyard.usage.UsageRecord;
import dev.switchyard.usage.UsageSink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UsageSink} on auth roles in other processes. {@link #record} only queues (bounded; a record
 * beyond the bound is dropped and counted) and never blocks nor throws; batches leave off the request
 * path every {@code interval}, or as soon as {@code batchSize} records wait.
 *
 * <p>A batch that fails is kept and sent again, with the same batch id (the role takes a batch it has
 * seen once), after a backoff that doubles from {@code interval} up to {@link #MAX_BACKOFF}, for as long
 * as {@code retryFor} since its first failure; then it is dropped and counted. Meanwhile new records
 * queue up to the bound. A batch cut after sending and retried on another instance may be recorded twice:
 * delivery is at least once, exactly once while the role's instance stays the same.
 *
 * <p>Concurrency: {@link #record} runs on any thread (a lock-free queue and counters). One batch is on
 * its way at a time: the {@code sending} flag is taken before a batch is chosen and released after its
 * outcome is stored, which also publishes {@code retry} to the next sender.
 */
public final class RemoteUsageSink implements UsageSink {
    private static final Logger log = LoggerFactory.getLogger(RemoteUsageSink.class);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /**
     * @param capacity records queued at most (beyond: dropped, counted)
     * @param batchSize records per call at most; this many waiting sends a batch at once
     * @param interval how often waiting records are sent, and the first retry's backoff
     * @param retryFor how long a failed batch is tried again before it is dropped
     */
    public record Settings(int capacity, int batchSize, Duration interval, Duration retryFor) {
        public Settings {
            if (capacity < 1) {
                throw new IllegalArgumentException("usage queue capacity must be at least 1, got " + capacity);
            }
            if (batchSize < 1 || batchSize > capacity) {
                throw new IllegalArgumentException("usage batch size must be 1.." + capacity + ", got " + batchSize);
            }
            if (interval == null || interval.toMillis() < 1) {
                throw new IllegalArgumentException("usage send interval must be at least 1 ms, got " + interval);
            }
            if (retryFor == null || retryFor.isNegative()) {
                throw new IllegalArgumentException("usage retry window must be >= 0, got " + retryFor);
            }
        }

        /** 10,000 queued, 500 per batch, sent every 200 ms, a failed batch tried again for 5 minutes. */
        public static Settings defaults() {
            return new Settings(10_000, 500, Duration.ofMillis(200), Duration.ofMinutes(5));
        }
    }

    private final Vertx vertx;
    private final RoleClient client;
    private final Settings settings;
    private final Clock clock;
    private final String prefix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentLinkedQueue<UsageRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile Batch retry;
    private final long timer;

    /** A batch on its way or kept for a retry. */
    private static final class Batch {
        final AuthWire.UsageBatch wire;
        Instant firstFailure;
        Instant notBefore;
        Duration backoff;

        Batch(AuthWire.UsageBatch wire) {
            this.wire = wire;
        }

        int size() {
            return wire.records().size();
        }
    }

    public RemoteUsageSink(Vertx vertx, RoleClient client) {
        this(vertx, client, Settings.defaults(), Clock.systemUTC());
    }

    public RemoteUsageSink(Vertx vertx, RoleClient client, Settings settings, Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.timer = vertx.setPeriodic(settings.interval().toMillis(), id -> flush());
    }

    @Override
    public void record(UsageRecord record) {
        if (record == null) {
            return;
        }
        try {
            if (queued.incrementAndGet() > settings.capacity()) {
                queued.decrementAndGet();
                dropped.incrementAndGet();
                return;
            }
            queue.add(record);
            if (queued.get() >= settings.batchSize() && !sending.get() && flushScheduled.compareAndSet(false, true)) {
                vertx.runOnContext(v -> {
                    flushScheduled.set(false);
                    flush();
                });
            }
        } catch (RuntimeException e) {
            flushScheduled.set(false); // the timer sends it
        }
    }

    /** Records dropped: beyond the queue's bound, or in a batch that failed for longer than {@code retryFor}. */
    public long dropped() {
        return dropped.get();
    }

    /** Records the role accepted. */
    public long delivered() {
        return delivered.get();
    }

    /** Records waiting (a batch kept for a retry not counted). */
    public int queued() {
        return queued.get();
    }

    /** Whether a failed batch is kept for a retry. */
    boolean retrying() {
        return retry != null;
    }

    /**
     * Stops the timer and sends what waits (after the batch on its way, if one is), batch after batch,
     * until done or one fails. Never fails.
     */
    public Future<Void> close() {
        vertx.cancelTimer(timer);
        return drain();
    }

    private Future<Void> drain() {
        if (sending.get()) {
            return vertx.timer(10).compose(v -> drain());
        }
        return sendOne(true).compose(sent -> sent && (queued.get() > 0 || retry != null) ? drain()
                : Future.<Void>succeededFuture());
    }

    /** Sends batches while records wait and each one goes through. */
    private void flush() {
        sendOne(false).onSuccess(sent -> {
            if (sent && queued.get() > 0) {
                flush();
            }
        });
    }

    /** Sends one batch (the one kept for a retry first) unless one is on its way; true when one was delivered. */
    private Future<Boolean> sendOne(boolean ignoreBackoff) {
        if (!sending.compareAndSet(false, true)) {
            return Future.succeededFuture(false);
        }
        Batch batch = retry;
        if (batch != null && !ignoreBackoff && clock.instant().isBefore(batch.notBefore)) {
            sending.set(false);
            return Future.succeededFuture(false);
        }
        if (batch == null) {
            batch = take();
        }
        if (batch == null) {
            sending.set(false);
            return Future.succeededFuture(false);
        }
        Batch sent = batch;
        Future<Void> call;
        try {
            call = client.call(AuthWire.RECORD, sent.wire, Void.class, false, "");
        } catch (RuntimeException e) {
            call = Future.failedFuture(e);
        }
        return call.transform(ar -> {
            if (ar.succeeded()) {
                delivered.addAndGet(sent.size());
                retry = null;
            } else {
                failed(sent, ar.cause());
            }
            sending.set(false);
            return Future.succeededFuture(ar.succeeded());
        });
    }

    private Batch take() {
        int max = settings.batchSize();
        List<AuthWire.Usage> records = new ArrayList<>(Math.min(max, Math.max(1, queued.get())));
        UsageRecord r;
        while (records.size() < max && (r = queue.poll()) != null) {
            queued.decrementAndGet();
            records.add(AuthWire.Usage.of(r));
        }
        return records.isEmpty() ? null
                : new Batch(new AuthWire.UsageBatch(prefix + "-" + sequence.incrementAndGet(), records));
    }

    private void failed(Batch batch, Throwable cause) {
        Instant now = clock.instant();
        if (batch.firstFailure == null) {
            batch.firstFailure = now;
            batch.backoff = settings.interval();
        } else {
            Duration doubled = batch.backoff.multipliedBy(2);
            batch.backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        }
        if (Duration.between(batch.firstFailure, now).compareTo(settings.retryFor()) > 0) {
            dropped.addAndGet(batch.size());
            retry = null;
            log.warn("auth role: dropped {} usage records after failing to send them for {} ({})", batch.size(),
                    settings.retryFor(), cause.toString());
            return;
        }
        batch.notBefore = now.plus(batch.backoff);
        retry = batch;
    }
}
