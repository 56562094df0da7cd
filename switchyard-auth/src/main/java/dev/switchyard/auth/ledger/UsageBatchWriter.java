package dev.switchyard.auth.ledger;

import dev.switchyard.auth.store.Dialect;
import dev.switchyard.auth.store.Sql;
import dev.switchyard.usage.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int COLUMNS = 20;
    /** Rows per multi-row INSERT: 500 * 20 parameters, far below PostgreSQL's 65,535. */
    private static final int ROWS_PER_STATEMENT = 500;

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
                boolean[] inserted = dialect == Dialect.POSTGRESQL
                        ? insertRows(connection, records)
                        : insert(connection, records);
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

    /**
     * PostgreSQL: one multi-row INSERT per {@link #ROWS_PER_STATEMENT} records, which costs the server a
     * fraction of one statement per row; RETURNING names the rows that were new.
     */
    private static boolean[] insertRows(Connection connection, List<UsageRecord> records) throws SQLException {
        boolean[] inserted = new boolean[records.size()];
        for (int from = 0; from < records.size(); from += ROWS_PER_STATEMENT) {
            List<UsageRecord> chunk = records.subList(from, Math.min(records.size(), from + ROWS_PER_STATEMENT));
            Set<String> added = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement(INSERT.substring(0, INSERT.indexOf("VALUES"))
                    + "VALUES " + String.join(", ", Collections.nCopies(chunk.size(), ROW))
                    + " ON CONFLICT DO NOTHING RETURNING request_id")) {
                for (int i = 0; i < chunk.size(); i++) {
                    bind(statement, chunk.get(i), i * COLUMNS);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        added.add(rs.getString(1));
                    }
                }
            }
            for (int i = 0; i < chunk.size(); i++) {
                // remove: a request id twice in one batch is one new row.
                inserted[from + i] = added.remove(clean(chunk.get(i).requestId()));
            }
        }
        return inserted;
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
        bind(statement, r, 0);
    }

    /** Binds one record's 20 columns from parameter {@code at + 1}. */
    private static void bind(PreparedStatement statement, UsageRecord r, int at) throws SQLException {
        statement.setString(at + 1, clean(r.requestId()));
        Sql.setInstant(statement, at + 2, r.time());
        statement.setString(at + 3, clean(r.keyId()));
        statement.setString(at + 4, clean(r.tenantId()));
        statement.setString(at + 5, clean(r.userId()));
        statement.setString(at + 6, clean(r.modelAsked()));
        statement.setString(at + 7, clean(r.modelServed()));
        statement.setString(at + 8, clean(r.deployment()));
        statement.setLong(at + 9, r.inputTokens());
        statement.setLong(at + 10, r.outputTokens());
        statement.setLong(at + 11, r.cacheCreationTokens());
        statement.setLong(at + 12, r.cacheReadTokens());
        statement.setLong(at + 13, r.costMicros());
        statement.setLong(at + 14, r.latencyMillis());
        statement.setLong(at + 15, r.ttftMillis());
        statement.setInt(at + 16, r.status());
        statement.setInt(at + 17, r.retries());
        statement.setBoolean(at + 18, r.fallback());
        statement.setBoolean(at + 19, r.cacheHit());
        statement.setLong(at + 20, r.savedMicros());
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
