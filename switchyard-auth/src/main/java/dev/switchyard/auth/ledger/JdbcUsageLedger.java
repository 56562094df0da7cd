package dev.switchyard.auth.ledger;

import dev.switchyard.core.telemetry.TraceNames;
import dev.switchyard.core.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import dev.switchyard.core.config.LedgerConfig;
import dev.switchyard.jdbc.Database;
import dev.switchyard.jdbc.Dialect;
import dev.switchyard.usage.UsageRecord;
import dev.switchyard.usage.UsageSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable usage ledger behind {@link UsageSink}.
 *
 * <p>Design. {@link #record} runs on event loops, so it only offers to bounded queues: first the write queue,
 * and when that is full the spill queue; only when both are full is a record dropped (counted, logged).
 * One writer thread owns all database writes: it takes batches from the write queue and commits each in one
 * transaction. A batch that fails goes to a spill file at once, and the writer then only checks, with capped
 * backoff, whether the database answers again. One spill thread owns the spill queue and turns bursts into
 * complete files; it also guards the memory queue: while the database fails, or while a write has hung for
 * {@code spillAfter}, nothing waits there longer than {@code spillAfter} or beyond {@code spillPending}
 * records (it writes them to a spill file, and a copy of the hung batch too), so a crash (kill -9, OOM) in an
 * outage loses at most the last {@code spillAfter}. Each spill file is forced to disk before it counts (one
 * fsync per file, at most a few a second while spilling: the price of surviving a power cut, not only a
 * crash). The writer replays spill files (at start, and once writes succeed again) and deletes each file only
 * after its records are committed; request ids make replays idempotent (a record that is both committed and
 * spilled, e.g. a hung batch that succeeded after all, is stored and charged once).
 * {@link #close()} stops intake and lets the writer flush for at most {@code shutdownTimeout}: to the database
 * while it answers, to a spill file as soon as a write fails or the time is up.
 *
 * <p>The threads start in the constructor; they are daemon threads named {@code switchyard-ledger-*}.
 */
public final class JdbcUsageLedger implements UsageSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcUsageLedger.class);
    private static final long MAX_BACKOFF_MS = 2_000;
    /** How often the spill thread looks at the memory queue (it is also how long it waits for overflow). */
    private static final long TICK_MS = 50;
    private static final int MAX_SPILL_FILE_RECORDS = 10_000;
    private static final int MIN_SPILL_QUEUE = 16_384;
    /** How often a filling batch is drained: a batch of batchSize waits at most this long past full. */
    private static final long FILL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int REPLAY_BATCH = 500;
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long NEVER = Long.MIN_VALUE;

    private enum State { OPEN, STOPPING, CLOSED }

    private final LedgerConfig config;
    private final Clock clock;
    private final Duration closeTimeout;
    private final UsageBatchWriter writer;
    private final Tracing tracing;
    private final SpillFiles spill;
    private final BlockingQueue<UsageRecord> queue;
    private final BlockingQueue<UsageRecord> spillQueue;
    private final AtomicBoolean spillPending = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastDropLog = new AtomicLong(Long.MIN_VALUE);
    private final Meters meters;
    private final Thread writerThread;
    private final Thread spillThread;
    private final long spillAfterMs;
    private final int spillPendingMax;
    private final AtomicLong guardTicks = new AtomicLong();
    private volatile State state = State.OPEN;
    private volatile boolean spillStopping;
    /** The last write or check failed: the database is treated as down until a check succeeds. */
    private volatile boolean failing;
    /** The writer's database call in progress, or null. */
    private volatile Attempt attempt;
    private long failureStreak;
    // spill thread only
    private boolean guarding;
    private long queueClearAt = NEVER;

    /**
     * A database call of the writer: {@code records} a copy of a live batch (empty for a replay or a check, whose
     * records are on disk already). Whoever claims it first, the writer after a failure or the spill thread when
     * it hangs, spills the records; the other does not.
     */
    private record Attempt(List<UsageRecord> records, long startedMs, AtomicBoolean claimed) {
        Attempt(List<UsageRecord> records, long startedMs) {
            this(records, startedMs, new AtomicBoolean());
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    public JdbcUsageLedger(Database database, LedgerConfig config, Clock clock, MeterRegistry registry) {
        this(database, config, clock, registry, Tracing.NOOP);
    }

    /** {@code tracing}: each flush to the database a span of its own (the rows it wrote, and whether it failed). */
    public JdbcUsageLedger(Database database, LedgerConfig config, Clock clock, MeterRegistry registry,
            Tracing tracing) {
        this(database.dataSource(), database.dialect(), config, clock, registry, config.shutdownTimeout(), tracing);
    }

    /** With a bare DataSource the SQL dialect is read from the first connection. */
    public JdbcUsageLedger(DataSource dataSource, LedgerConfig config, Clock clock, MeterRegistry registry) {
        this(dataSource, null, config, clock, registry, config.shutdownTimeout());
    }

    JdbcUsageLedger(DataSource dataSource, Dialect dialect, LedgerConfig config, Clock clock, MeterRegistry registry,
            Duration closeTimeout) {
        this(dataSource, dialect, config, clock, registry, closeTimeout, Tracing.NOOP);
    }

    JdbcUsageLedger(DataSource dataSource, Dialect dialect, LedgerConfig config, Clock clock, MeterRegistry registry,
            Duration closeTimeout, Tracing tracing) {
        this.tracing = tracing;
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(config.flushInterval(), "ledger flushInterval");
        Objects.requireNonNull(config.spillDir(), "ledger spillDir");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "ledger shutdownTimeout");
        this.spillAfterMs = Objects.requireNonNull(config.spillAfter(), "ledger spillAfter").toMillis();
        this.spillPendingMax = Math.max(1, config.spillPending());
        this.writer = new UsageBatchWriter(Objects.requireNonNull(dataSource, "dataSource"), dialect);
        this.spill = new SpillFiles(config.spillDir(), clock);
        this.queue = new ArrayBlockingQueue<>(Math.max(1, config.queueCapacity()));
        this.spillQueue = new ArrayBlockingQueue<>(Math.max(MIN_SPILL_QUEUE, config.queueCapacity()));
        this.meters = new Meters(Objects.requireNonNull(registry, "registry"), queue, spillQueue);
        adoptLeftoverSpill();
        this.writerThread = daemon("switchyard-ledger-writer", this::runWriter);
        this.spillThread = daemon("switchyard-ledger-spill", this::runSpill);
    }

    /** Never blocks, never throws: queues the record, or spills it, or counts and logs it as dropped. */
    @Override
    public void record(UsageRecord record) {
        inFlight.incrementAndGet();
        try {
            if (record == null) {
                return;
            }
            UsageRecord complete = complete(record);
            State now = state;
            if (now == State.OPEN && queue.offer(complete)) {
                return;
            }
            if (now != State.CLOSED && spillQueue.offer(complete)) {
                return;
            }
            drop(1, complete.requestId(), now == State.CLOSED ? "the ledger is closed" : "both queues are full");
        } catch (RuntimeException e) {
            // the request path must never see the ledger fail
            meters.safeIncrement(meters.dropped, 1);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Stops intake and flushes: the writer commits what is queued while the database answers; when it is
     * failing, or a write fails, the rest goes to a spill file. After the shutdown timeout a writer stuck in a
     * database call is left behind: a copy of its batch and the queue are spilled instead. Records arriving
     * during close are spilled; after close, dropped and counted.
     */
    @Override
    public synchronized void close() {
        if (state != State.OPEN) {
            return;
        }
        state = State.STOPPING;
        join(writerThread, closeTimeout);
        if (writerThread.isAlive()) {
            Attempt stuck = attempt;
            if (stuck != null && stuck.claim()) {
                spillNow(stuck.records());
            }
        }
        state = State.CLOSED;
        awaitNoRecordInFlight();
        spillStopping = true;
        join(spillThread, Duration.ofSeconds(5));
        List<UsageRecord> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!spillThread.isAlive()) {
            spillQueue.drainTo(rest);
        }
        spillNow(rest);
        meters.removeGauges();
    }

    /** How many times the spill thread has looked at the queue (tests wait for it instead of sleeping). */
    long guardTicks() {
        return guardTicks.get();
    }

    // ---- writer thread ----

    private void runWriter() {
        List<UsageRecord> batch = new ArrayList<>(Math.max(1, config.batchSize()));
        long backoffMs = 0;
        while (true) {
            if (failing) {
                // The spill thread keeps the queue on disk meanwhile; the writer only waits for the database.
                if (state != State.OPEN) {
                    break;
                }
                backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(100, backoffMs * 2));
                if (!pause(backoffMs) || !check()) {
                    continue;
                }
                backoffMs = 0;
            }
            if (state == State.OPEN && spillPending.get() && !replaySpill()) {
                continue;
            }
            if (state != State.OPEN && queue.isEmpty()) {
                break;
            }
            fill(batch);
            if (!batch.isEmpty()) {
                commitLive(batch);
                batch.clear();
            }
        }
        queue.drainTo(batch);
        spillNow(batch);
    }

    /** Commits a batch taken from the queue; if that fails, the batch goes to a spill file now. */
    private void commitLive(List<UsageRecord> batch) {
        Attempt live = new Attempt(List.copyOf(batch), clock.millis());
        attempt = live;
        boolean ok;
        try {
            ok = commit(batch, meters.written);
        } finally {
            attempt = null;
        }
        // batch, not the copy: one by one, the records committed before the failure were taken out
        if (!ok && live.claim()) {
            spillNow(batch);
        }
    }

    /** While failing: is the database back? */
    private boolean check() {
        attempt = new Attempt(List.of(), clock.millis());
        try {
            writer.check();
            recovered();
            return true;
        } catch (SQLException | RuntimeException e) {
            failed(e);
            return false;
        } finally {
            attempt = null;
        }
    }

    /**
     * Takes up to batchSize records, waiting at most flushInterval after the first one for more. After the
     * first it sleeps in slices and drains, rather than waiting on the queue: a writer blocked on the
     * queue is woken by every record (a futex wake and a context switch per request), one that sleeps is
     * woken by none.
     */
    private void fill(List<UsageRecord> batch) {
        int max = Math.max(1, config.batchSize());
        long interval = Math.max(1, config.flushInterval().toNanos());
        UsageRecord first = poll(System.nanoTime() + interval);
        if (first == null) {
            return;
        }
        batch.add(first);
        long deadline = System.nanoTime() + interval;
        while (true) {
            queue.drainTo(batch, max - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= max || left <= 0 || state != State.OPEN) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, FILL_SLICE_NANOS));
        }
    }

    /**
     * Waits for a record until {@code deadline}, in short slices so that close() is noticed quickly without
     * interrupting the writer (an interrupt could land in a JDBC call); once closing, it does not wait.
     */
    private UsageRecord poll(long deadline) {
        try {
            while (true) {
                if (state != State.OPEN) {
                    return queue.poll();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                UsageRecord record = queue.poll(Math.min(left, POLL_SLICE_NANOS), TimeUnit.NANOSECONDS);
                if (record != null) {
                    return record;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Commits the batch; false means "keep it and retry". When the database refuses the data itself, the
     * batch is written record by record so that only the refused records are dropped.
     */
    private boolean commit(List<UsageRecord> batch, Counter committed) {
        if (!tracing.enabled()) {
            return write(batch, committed);
        }
        Span span = tracing.start(TraceNames.SPAN_LEDGER_FLUSH, SpanKind.INTERNAL, Context.root());
        span.setAttribute(TraceNames.ROWS, batch.size());
        boolean ok = false;
        try {
            ok = write(batch, committed);
            return ok;
        } finally {
            if (!ok) {
                span.setStatus(StatusCode.ERROR, "not written");
            }
            span.end();
        }
    }

    private boolean write(List<UsageRecord> batch, Counter committed) {
        try {
            int inserted = writer.write(batch);
            recovered();
            meters.safeIncrement(committed, batch.size());
            meters.safeIncrement(meters.duplicates, batch.size() - inserted);
            return true;
        } catch (SQLException e) {
            if (UsageBatchWriter.isPermanent(e)) {
                return commitOneByOne(batch, committed);
            }
            failed(e);
            return false;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    private boolean commitOneByOne(List<UsageRecord> batch, Counter committed) {
        for (int i = 0; i < batch.size(); i++) {
            UsageRecord record = batch.get(i);
            try {
                int inserted = writer.write(List.of(record));
                meters.safeIncrement(committed, 1);
                meters.safeIncrement(meters.duplicates, 1 - inserted);
            } catch (SQLException e) {
                if (!UsageBatchWriter.isPermanent(e)) {
                    failed(e);
                    batch.subList(0, i).clear(); // the committed ones are done; retry from here
                    return false;
                }
                meters.safeIncrement(meters.dropped, 1);
                LOG.error("usage record {} refused by the database and dropped: {}",
                        record.requestId(), reason(e));
            }
        }
        return true;
    }

    /** Replays complete spill files, oldest first; false when the database failed (the file is kept). */
    private boolean replaySpill() {
        spillPending.set(false);
        try {
            for (Path file : spill.ready()) {
                if (state != State.OPEN) {
                    spillPending.set(true);
                    return true;
                }
                if (!replay(file)) {
                    spillPending.set(true);
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            LOG.error("cannot list spill files in {}: {}", spill.dir(), e.getMessage());
            return true;
        }
    }

    private boolean replay(Path file) throws IOException {
        SpillFiles.Contents contents = spill.read(file);
        List<UsageRecord> records = contents.records();
        // spilled records wait for nobody: bigger batches clear a backlog faster than the live batch size
        int size = Math.max(REPLAY_BATCH, config.batchSize());
        for (int from = 0; from < records.size(); from += size) {
            // a copy: commitOneByOne may trim what it has already committed
            List<UsageRecord> chunk = new ArrayList<>(records.subList(from, Math.min(records.size(), from + size)));
            attempt = new Attempt(List.of(), clock.millis());
            boolean ok;
            try {
                ok = commit(chunk, meters.replayed);
            } finally {
                attempt = null;
            }
            if (!ok) {
                return false;
            }
        }
        if (contents.corruptLines() > 0) {
            meters.safeIncrement(meters.dropped, contents.corruptLines());
            LOG.error("{} unreadable line(s) in spill file {} dropped",
                    contents.corruptLines(), file);
        }
        spill.delete(file);
        return true;
    }

    /** Sleeps before a check, in slices; false as soon as close() has begun. */
    private boolean pause(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (state == State.OPEN) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(left, POLL_SLICE_NANOS));
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return false;
    }

    private void failed(Exception e) {
        failing = true;
        meters.safeIncrement(meters.writeFailures, 1);
        if (failureStreak++ == 0) {
            LOG.warn("usage ledger cannot write; records go to spill files in {} within {} ms until the "
                    + "database answers again: {}", spill.dir(), spillAfterMs, reason(e));
        }
    }

    private void recovered() {
        failing = false;
        if (failureStreak > 0) {
            LOG.info("usage ledger writes again after {} failed attempt(s)", failureStreak);
            failureStreak = 0;
        }
    }

    // ---- spill thread ----

    private void runSpill() {
        List<UsageRecord> chunk = new ArrayList<>();
        try {
            while (true) {
                UsageRecord first = spillQueue.poll(TICK_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    chunk.add(first);
                    gather(chunk);
                    spillNow(chunk);
                    chunk.clear();
                } else if (spillStopping) {
                    return;
                }
                guardQueue();
                guardTicks.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spillQueue.drainTo(chunk);
            spillNow(chunk);
        }
    }

    /**
     * While the database is failing or the writer's call has hung for spillAfter, keeps the memory queue short:
     * a hung batch is spilled (a copy: should it commit after all, its replay adds nothing), what is queued when
     * trouble starts is spilled at once (its age is unknown), and from then on the queue is spilled before its
     * oldest record can be older than spillAfter (it arrived after the last time the queue was seen empty), or
     * as soon as it holds spillPending records. The bound counts on the injected clock; a clock that steps
     * back makes the queue due at once.
     */
    private void guardQueue() {
        long now = clock.millis();
        Attempt current = attempt;
        boolean hung = current != null && elapsed(current.startedMs(), now) >= spillAfterMs;
        if (hung && current.claim()) {
            spillNow(current.records());
        }
        if (!failing && !hung) {
            guarding = false;
            return;
        }
        boolean due = !guarding || queue.size() >= spillPendingMax
                || elapsed(queueClearAt, now) >= spillAfterMs - TICK_MS;
        guarding = true;
        if (queue.isEmpty()) {
            queueClearAt = now;
        } else if (due) {
            List<UsageRecord> pending = new ArrayList<>(queue.size());
            queue.drainTo(pending);
            queueClearAt = now;
            spillNow(pending);
        }
    }

    private static long elapsed(long since, long now) {
        return since == NEVER || now < since ? Long.MAX_VALUE : now - since;
    }

    /** Lingers briefly so that a burst becomes one file rather than hundreds. */
    private void gather(List<UsageRecord> chunk) throws InterruptedException {
        while (chunk.size() < MAX_SPILL_FILE_RECORDS) {
            spillQueue.drainTo(chunk, MAX_SPILL_FILE_RECORDS - chunk.size());
            if (chunk.size() >= MAX_SPILL_FILE_RECORDS) {
                return;
            }
            UsageRecord next = spillQueue.poll(20, TimeUnit.MILLISECONDS);
            if (next == null) {
                return;
            }
            chunk.add(next);
        }
    }

    /** Writes records to a new spill file (thread-safe: each call its own file). */
    private void spillNow(List<UsageRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            spill.write(records);
            meters.safeIncrement(meters.spilled, records.size());
            spillPending.set(true);
        } catch (IOException | RuntimeException e) {
            meters.safeIncrement(meters.dropped, records.size());
            LOG.error("{} usage record(s) lost: cannot write a spill file in {}: {}",
                    records.size(), spill.dir(), e.getMessage());
        }
    }

    // ---- helpers ----

    private void adoptLeftoverSpill() {
        try {
            spill.prepare();
            spillPending.set(!spill.ready().isEmpty());
        } catch (IOException e) {
            LOG.error("cannot prepare the spill directory {}: {}", spill.dir(),
                    e.getMessage());
        }
    }

    /** A record must carry a time and a request id: the id is what makes replays idempotent. */
    private UsageRecord complete(UsageRecord r) {
        if (r.time() != null && r.requestId() != null) {
            return r;
        }
        return new UsageRecord(r.time() == null ? clock.instant() : r.time(),
                r.requestId() == null ? "ledger-" + UUID.randomUUID() : r.requestId(), r.keyId(), r.tenantId(),
                r.userId(), r.modelAsked(), r.modelServed(), r.deployment(), r.inputTokens(), r.outputTokens(),
                r.cacheCreationTokens(), r.cacheReadTokens(), r.costMicros(), r.latencyMillis(), r.ttftMillis(),
                r.status(), r.retries(), r.fallback(), r.cacheHit(), r.savedMicros(), r.filter(), r.traceId());
    }

    /** Counts every drop; logs at most once a second so that an overload cannot flood the log. */
    private void drop(int count, String requestId, String why) {
        meters.safeIncrement(meters.dropped, count);
        long now = System.nanoTime();
        long last = lastDropLog.get();
        if ((last == Long.MIN_VALUE || now - last > 1_000_000_000L) && lastDropLog.compareAndSet(last, now)) {
            LOG.error("usage record {} dropped ({}); {} dropped in total", requestId, why,
                    (long) meters.dropped.count());
        }
    }

    /**
     * The cause in a line: a PostgreSQL batch failure's own message repeats every bound value of the
     * statement, which floods the log and has no place there.
     */
    static String reason(Exception e) {
        Exception shown = e;
        if (e instanceof SQLException sql && sql.getNextException() != null) {
            shown = sql.getNextException();
        }
        String message = String.valueOf(shown.getMessage());
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    private void awaitNoRecordInFlight() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not stop in {}; it keeps its records and spills them "
                    + "when its database call returns", thread.getName(), timeout);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        return Thread.ofPlatform().name(name).daemon(true).start(body);
    }

    /** The ledger's meters; increments never throw into the caller. */
    private static final class Meters {
        private final MeterRegistry registry;
        private final List<Meter> gauges = new ArrayList<>();
        final Counter written;
        final Counter spilled;
        final Counter replayed;
        final Counter duplicates;
        final Counter writeFailures;
        final Counter dropped;

        Meters(MeterRegistry registry, Collection<?> queue, Collection<?> spillQueue) {
            this.registry = registry;
            gauges.add(Gauge.builder(LedgerMetrics.QUEUE_DEPTH, queue, Collection::size)
                    .description("usage records waiting to be written").strongReference(true).register(registry));
            gauges.add(Gauge.builder(LedgerMetrics.SPILL_QUEUE_DEPTH, spillQueue, Collection::size)
                    .description("usage records waiting to be spilled").strongReference(true).register(registry));
            written = counter(LedgerMetrics.WRITTEN, "usage records committed from the queue");
            spilled = counter(LedgerMetrics.SPILLED, "usage records written to spill files");
            replayed = counter(LedgerMetrics.REPLAYED, "usage records committed from spill files");
            duplicates = counter(LedgerMetrics.DUPLICATES, "committed usage records that were already stored");
            writeFailures = counter(LedgerMetrics.WRITE_FAILURES, "failed usage batch writes and database checks");
            dropped = counter(LedgerMetrics.DROPPED, "usage records lost");
        }

        private Counter counter(String name, String description) {
            return Counter.builder(name).description(description).register(registry);
        }

        void safeIncrement(Counter counter, long amount) {
            try {
                if (amount > 0) {
                    counter.increment(amount);
                }
            } catch (RuntimeException e) {
                // a broken registry must not break the ledger
            }
        }

        /** The gauges hold the queues; the counters stay, they are cumulative. */
        void removeGauges() {
            for (Meter meter : gauges) {
                try {
                    registry.remove(meter);
                } catch (RuntimeException e) {
                    // best effort
                }
            }
        }
    }
}
