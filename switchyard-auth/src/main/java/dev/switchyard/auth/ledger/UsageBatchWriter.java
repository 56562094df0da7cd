package dev.switchyard.auth.ledger;

import dev.switchyard.auth.store.Dialect;
import dev.switchyard.auth.store.Sql;
import dev.switchyard.usage.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Writes a batch of usage records and their spend in one transaction. A record whose request id is already
 * stored is skipped (ON CONFLICT DO NOTHING) and adds no spend, so replays and retries after an
 * unacknowledged commit are harmless.
 */
final class UsageBatchWriter {
    private static final String INSERT = "INSERT INTO usage_records (request_id, time, key_id, tenant_id, user_id, "
            + "model_asked, model_served, deployment, input_tokens, output_tokens, cache_creation_tokens, "
            + "cache_read_tokens, cost_micros, latency_ms, ttft_ms, status, retries, fallback, cache_hit, saved_micros) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final DataSource dataSource;
    private volatile Dialect dialect;

    UsageBatchWriter(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Commits the records; returns how many were new. Throws (and commits nothing) on any failure. */
    int write(List<UsageRecord> records) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (dialect == null) {
                dialect = Dialect.of(connection);
            }
            connection.setAutoCommit(false);
            try {
                boolean[] inserted = insert(connection, records);
                addSpend(connection, records, inserted);
                connection.commit();
                return count(inserted);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    /** True when retrying cannot help: the database refuses the data itself, not the connection. */
    static boolean isPermanent(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
            if (s.getNextException() == s) {
                break;
            }
        }
        return false;
    }

    private static boolean[] insert(Connection connection, List<UsageRecord> records) throws SQLException {
        int[] counts;
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (UsageRecord record : records) {
                bind(statement, record);
                statement.addBatch();
            }
            counts = statement.executeBatch();
        }
        boolean[] inserted = new boolean[records.size()];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == Statement.SUCCESS_NO_INFO) {
                // The driver rewrote the batch (e.g. reWriteBatchedInserts in the URL) and lost the per-row
                // counts that keep spend exact: redo it row by row.
                connection.rollback();
                return insertOneByOne(connection, records);
            }
            inserted[i] = counts[i] > 0;
        }
        return inserted;
    }

    private static boolean[] insertOneByOne(Connection connection, List<UsageRecord> records) throws SQLException {
        boolean[] inserted = new boolean[records.size()];
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (int i = 0; i < records.size(); i++) {
                bind(statement, records.get(i));
                inserted[i] = statement.executeUpdate() > 0;
            }
        }
        return inserted;
    }

    private void addSpend(Connection connection, List<UsageRecord> records, boolean[] inserted) throws SQLException {
        // Sorted so that concurrent writers (several gateways) lock spend rows in the same order: no deadlock.
        Map<String, Map<LocalDate, Long>> spend = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            UsageRecord record = records.get(i);
            if (!inserted[i] || record.costMicros() == 0) {
                continue;
            }
            LocalDate day = LocalDate.ofInstant(record.time(), ZoneOffset.UTC);
            if (record.keyId() != null) {
                spend.computeIfAbsent("key:" + record.keyId(), s -> new TreeMap<>()).merge(day, record.costMicros(),
                        Long::sum);
            }
            if (record.tenantId() != null) {
                spend.computeIfAbsent("tenant:" + record.tenantId(), s -> new TreeMap<>())
                        .merge(day, record.costMicros(), Long::sum);
            }
        }
        if (spend.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(dialect.addSpendSql())) {
            for (var scope : spend.entrySet()) {
                for (var day : scope.getValue().entrySet()) {
                    statement.setString(1, scope.getKey());
                    statement.setObject(2, day.getKey());
                    statement.setLong(3, day.getValue());
                    statement.addBatch();
                }
            }
            statement.executeBatch();
        }
    }

    private static void bind(PreparedStatement statement, UsageRecord r) throws SQLException {
        statement.setString(1, clean(r.requestId()));
        Sql.setInstant(statement, 2, r.time());
        statement.setString(3, clean(r.keyId()));
        statement.setString(4, clean(r.tenantId()));
        statement.setString(5, clean(r.userId()));
        statement.setString(6, clean(r.modelAsked()));
        statement.setString(7, clean(r.modelServed()));
        statement.setString(8, clean(r.deployment()));
        statement.setLong(9, r.inputTokens());
        statement.setLong(10, r.outputTokens());
        statement.setLong(11, r.cacheCreationTokens());
        statement.setLong(12, r.cacheReadTokens());
        statement.setLong(13, r.costMicros());
        statement.setLong(14, r.latencyMillis());
        statement.setLong(15, r.ttftMillis());
        statement.setInt(16, r.status());
        statement.setInt(17, r.retries());
        statement.setBoolean(18, r.fallback());
        statement.setBoolean(19, r.cacheHit());
        statement.setLong(20, r.savedMicros());
    }

    /** PostgreSQL refuses NUL in text; a client-supplied user id must not wedge the ledger. */
    private static String clean(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace("\0", "");
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean flag : flags) {
            n += flag ? 1 : 0;
        }
        return n;
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
