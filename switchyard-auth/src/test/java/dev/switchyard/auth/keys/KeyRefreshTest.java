package dev.switchyard.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.auth.store.JdbcKeyStore;
import dev.switchyard.auth.store.TestDatabases;
import dev.switchyard.jdbc.Database;
import dev.switchyard.testkit.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas over one PostgreSQL: writers with their own (skewed) clocks, and a reader whose key cache only
 * learns of changes by its periodic refresh (no pub/sub: {@link KeyEvents#LOCAL} tells nobody).
 */
class KeyRefreshTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration SKEW = Duration.ofHours(3);

    private final String schema = TestDatabases.randomSchema();
    private final MutableClock readerClock = new MutableClock(NOW);
    /** Its own threads: the common pool may have one, and the first writer holds it while paused. */
    private final ExecutorService writers = Executors.newFixedThreadPool(2);
    private Database db;
    private Vertx vertx;
    private JdbcKeyStore readerStore;
    private VirtualKeyAuthService reader;

    @BeforeEach
    void setUp() {
        db = TestDatabases.postgres(schema);
        vertx = Vertx.vertx();
        readerStore = new JdbcKeyStore(db, readerClock);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (reader != null) {
            reader.close();
        }
        writers.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        db.close();
        TestDatabases.dropSchema(schema);
    }

    @Test
    void revocation_byWriterWithClockHoursBehind_noEvent_refusedAfterOneRefresh() throws Exception {
        CreatedKey key = readerStore.create(spec("k"));
        startReader();
        readerClock.advance(Duration.ofMinutes(1));
        refresh();
        JdbcKeyStore behind = new JdbcKeyStore(db, new MutableClock(NOW.minus(SKEW)));

        behind.revoke(key.key().id());
        refresh();

        assertRevoked(key);
    }

    @Test
    void revocation_afterAnUpdateByWriterWithClockHoursAhead_noEvent_refusedAfterOneRefresh() throws Exception {
        CreatedKey key = readerStore.create(spec("k"));
        startReader();
        JdbcKeyStore ahead = new JdbcKeyStore(db, new MutableClock(NOW.plus(SKEW)));
        ahead.update(key.key().id(), spec("renamed"));
        refresh();
        assertThat(reader.authenticate(key.plaintext()).succeeded()).isTrue();
        readerClock.advance(Duration.ofMinutes(1));

        readerStore.revoke(key.key().id()); // stamped 3 h before the version the reader holds
        refresh();

        assertRevoked(key);
    }

    @Test
    void revocation_committedAfterALaterChangeWasRead_isSeenByTheNextRefresh() throws Exception {
        CreatedKey revoked = readerStore.create(spec("revoked"));
        CreatedKey other = readerStore.create(spec("other"));
        startReader();
        PausedCommit paused = new PausedCommit(db.dataSource());
        JdbcKeyStore slowWriter = new JdbcKeyStore(paused.dataSource(), readerClock);

        CompletableFuture<Boolean> revocation = CompletableFuture.supplyAsync(() -> slowWriter.revoke(revoked.key().id()),
                writers);
        assertThat(paused.atCommit.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<?> laterChange = CompletableFuture.supplyAsync(
                () -> readerStore.update(other.key().id(), spec("renamed")), writers);
        // The later change either commits (and is numbered after the revocation) or waits for the revocation.
        await().atMost(Duration.ofSeconds(10)).until(() -> laterChange.isDone() || blockedBy(paused.backendPid.get()));
        refresh();
        paused.release.countDown();
        assertThat(revocation.get(10, TimeUnit.SECONDS)).isTrue();
        laterChange.get(10, TimeUnit.SECONDS);

        refresh();

        assertRevoked(revoked);
        assertThat(reader.authenticate(other.plaintext()).succeeded()).isTrue();
    }

    private void startReader() {
        reader = VirtualKeyAuthService.load(vertx, readerStore, KeyEvents.LOCAL, List.of(), readerClock,
                Duration.ofHours(1));
    }

    private void refresh() throws Exception {
        reader.refresh().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void assertRevoked(CreatedKey key) {
        Future<?> auth = reader.authenticate(key.plaintext());
        assertThat(auth.failed()).as("the revoked key is refused").isTrue();
        assertThat(auth.cause()).hasMessageContaining("revoked");
    }

    private static KeySpec spec(String name) {
        return new KeySpec(name, null, null, null, null, null, null);
    }

    /** True when some session waits for a lock held by the backend {@code pid}. */
    private boolean blockedBy(int pid) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
            s.setInt(1, pid);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    /** A DataSource whose first commit waits for {@link #release}, its transaction open and its locks held. */
    private static final class PausedCommit {
        final CountDownLatch atCommit = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger backendPid = new AtomicInteger();
        private final AtomicBoolean first = new AtomicBoolean(true);
        private final DataSource target;

        PausedCommit(DataSource target) {
            this.target = target;
        }

        DataSource dataSource() {
            InvocationHandler handler = (proxy, method, args) -> {
                Object result = invoke(target, method, args);
                return method.getName().equals("getConnection") ? connection((Connection) result) : result;
            };
            return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] {DataSource.class}, handler);
        }

        private Connection connection(Connection real) {
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().equals("commit") && first.compareAndSet(true, false)) {
                    try (Statement s = real.createStatement(); ResultSet rows = s.executeQuery("SELECT pg_backend_pid()")) {
                        rows.next();
                        backendPid.set(rows.getInt(1));
                    }
                    atCommit.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }
                return invoke(real, method, args);
            };
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, handler);
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
