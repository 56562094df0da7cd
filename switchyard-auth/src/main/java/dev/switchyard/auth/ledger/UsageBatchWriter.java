package dev.switchyard.auth.ledger;

import dev.switchyard.jdbc.CopyRows;
import dev.switchyard.jdbc.Dialect;
import dev.switchyard.jdbc.Sql;
import dev.switchyard.jdbc.Transactions;
import dev.switchyard.usage.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            + "cache_read_tokens, cost_micros, latency_ms, ttft_ms, status, retries, fallback, cache_hit, saved_micros, "
            + "filter_actions, trace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT DO NOTHING";
    private static final String UNNEST_SELECT = INSERT.substring(0, INSERT.indexOf(" VALUES") + 1)
            + "SELECT * FROM unnest(?::varchar[], ?::timestamptz[], ?::varchar[], ?::varchar[], ?::varchar[], "
            + "?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], "
            + "?::bigint[], ?::bigint[], ?::bigint[], ?::integer[], ?::integer[], ?::boolean[], ?::boolean[], "
            + "?::bigint[], ?::varchar[], ?::varchar[])";
    /** The columns of INSERT, in its order, for PostgreSQL's COPY (the batch that fails on nothing, the usual one). */
    private static final String COPY = "COPY usage_records (" + INSERT.substring(INSERT.indexOf('(') + 1,
            INSERT.indexOf(')')) + ") FROM STDIN";
    private static final String UNNEST_INSERT_SKIPPING = UNNEST_SELECT + " ON CONFLICT DO NOTHING RETURNING request_id";
    /** PostgreSQL's unique_violation. */
    private static final String DUPLICATE_KEY = "23505";
    /** Adds micro-USD to a (scope, day) total, creating it; parameters: scope, day (LocalDate), micros. */
    private static final String ADD_SPEND_POSTGRESQL = "INSERT INTO spend_totals (scope, day, spent_micros) "
            + "VALUES (?, ?, ?) ON CONFLICT (scope, day) DO UPDATE SET spent_micros = spend_totals.spent_micros "
            + "+ EXCLUDED.spent_micros";
    /** H2 has no {@code ON CONFLICT ... DO UPDATE}; its MERGE is safe because one process owns the file. */
    private static final String ADD_SPEND_H2 = "MERGE INTO spend_totals t USING (VALUES (CAST(? AS VARCHAR), "
            + "CAST(? AS DATE), CAST(? AS BIGINT))) AS s (scope, day, micros) ON t.scope = s.scope AND t.day = s.day "
            + "WHEN MATCHED THEN UPDATE SET spent_micros = t.spent_micros + s.micros "
            + "WHEN NOT MATCHED THEN INSERT (scope, day, spent_micros) VALUES (s.scope, s.day, s.micros)";

    private final DataSource dataSource;
    private final Transactions transactions;
    private volatile Dialect dialect;

    UsageBatchWriter(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.transactions = new Transactions(dataSource);
        this.dialect = dialect;
    }

    /** Commits the records; returns how many were new. Throws (and commits nothing) on any failure. */
    int write(List<UsageRecord> records) throws SQLException {
        // SQLExceptions leave unwrapped: the ledger sorts them by SQLState (retry, or drop a refused record).
        try {
            return write(records, false);
        } catch (SQLException e) {
            if (dialect != Dialect.POSTGRESQL || !hasState(e, DUPLICATE_KEY)) {
                throw e;
            }
            // a record stored already (a replay, a retry after a commit whose answer was lost, an id twice)
            return write(records, true);
        }
    }

    /**
     * {@code skipStored} false (PostgreSQL): a COPY, which fails whole on a request id stored already.
     * ON CONFLICT made PostgreSQL look every row up in the unique index before inserting it, a sixth of its
     * CPU per row, for duplicates that only replays and retries bring.
     */
    private int write(List<UsageRecord> records, boolean skipStored) throws SQLException {
        return transactions.inTransactionOrThrow(connection -> {
            if (dialect == null) {
                dialect = Dialect.of(connection);
            }
            boolean[] inserted = dialect == Dialect.H2 ? insert(connection, records)
                    : skipStored ? insertRows(connection, records)
                    : copyRows(connection, records);
            addSpend(connection, records, inserted);
            return count(inserted);
        });
    }

    /** Throws unless a connection can be had and answers (a cheap check before writing again after a failure). */
    void check() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                throw new SQLException("the connection does not answer", "08006");
            }
        }
    }

    /** True when retrying cannot help: the database refuses the data itself, not the connection. */
    static boolean isPermanent(SQLException e) {
        return hasState(e, "22") || hasState(e, "23");
    }

    /** True when the exception or one chained to it has an SQLState starting with {@code prefix}. */
    private static boolean hasState(SQLException e, String prefix) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (state != null && state.startsWith(prefix)) {
                return true;
            }
            if (s.getNextException() == s) {
                break;
            }
        }
        return false;
    }

    /** PostgreSQL, the usual batch: every row is new, or the COPY fails whole (then {@link #insertRows}). */
    private static boolean[] copyRows(Connection connection, List<UsageRecord> records) throws SQLException {
        CopyRows rows = new CopyRows(records.size());
        for (UsageRecord r : records) {
            rows.text(clean(r.requestId())).text(r.time().toString()).text(clean(r.keyId()))
                    .text(clean(r.tenantId())).text(clean(r.userId())).text(clean(r.modelAsked()))
                    .text(clean(r.modelServed())).text(clean(r.deployment())).number(r.inputTokens())
                    .number(r.outputTokens()).number(r.cacheCreationTokens()).number(r.cacheReadTokens())
                    .number(r.costMicros()).number(r.latencyMillis()).number(r.ttftMillis()).number(r.status())
                    .number(r.retries()).flag(r.fallback()).flag(r.cacheHit()).number(r.savedMicros())
                    .text(r.filter()).text(clean(r.traceId())).endRow();
        }
        long copied = rows.copyInto(connection, COPY);
        if (copied != records.size()) {
            throw new SQLException("COPY took " + copied + " of " + records.size() + " usage rows", "XX000");
        }
        boolean[] all = new boolean[records.size()];
        Arrays.fill(all, true);
        return all;
    }

    /**
     * PostgreSQL, a batch with a request id stored already: one INSERT of 22 arrays unnested into rows,
     * skipping stored ones; RETURNING names the rows that were new. One statement text for every batch
     * size, so the server parses and plans it once per connection.
     */
    private static boolean[] insertRows(Connection connection, List<UsageRecord> records) throws SQLException {
        int n = records.size();
        String[][] text = new String[10][n];
        Long[][] longs = new Long[8][n];
        Integer[][] ints = new Integer[2][n];
        Boolean[][] flags = new Boolean[2][n];
        for (int i = 0; i < n; i++) {
            UsageRecord r = records.get(i);
            text[0][i] = clean(r.requestId());
            text[1][i] = r.time().toString();
            text[2][i] = clean(r.keyId());
            text[3][i] = clean(r.tenantId());
            text[4][i] = clean(r.userId());
            text[5][i] = clean(r.modelAsked());
            text[6][i] = clean(r.modelServed());
            text[7][i] = clean(r.deployment());
            text[8][i] = r.filter();
            text[9][i] = clean(r.traceId());
            longs[0][i] = r.inputTokens();
            longs[1][i] = r.outputTokens();
            longs[2][i] = r.cacheCreationTokens();
            longs[3][i] = r.cacheReadTokens();
            longs[4][i] = r.costMicros();
            longs[5][i] = r.latencyMillis();
            longs[6][i] = r.ttftMillis();
            longs[7][i] = r.savedMicros();
            ints[0][i] = r.status();
            ints[1][i] = r.retries();
            flags[0][i] = r.fallback();
            flags[1][i] = r.cacheHit();
        }
        try (PreparedStatement statement = connection.prepareStatement(UNNEST_INSERT_SKIPPING)) {
            int at = 1;
            for (int i = 0; i < 8; i++) {
                statement.setArray(at++, connection.createArrayOf("text", text[i]));
            }
            for (int i = 0; i < 7; i++) {
                statement.setArray(at++, connection.createArrayOf("bigint", longs[i]));
            }
            for (Integer[] column : ints) {
                statement.setArray(at++, connection.createArrayOf("integer", column));
            }
            for (Boolean[] column : flags) {
                statement.setArray(at++, connection.createArrayOf("boolean", column));
            }
            statement.setArray(at++, connection.createArrayOf("bigint", longs[7]));
            statement.setArray(at++, connection.createArrayOf("text", text[8]));
            statement.setArray(at, connection.createArrayOf("text", text[9]));
            Set<String> added = new HashSet<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    added.add(rs.getString(1));
                }
            }
            boolean[] inserted = new boolean[n];
            for (int i = 0; i < n; i++) {
                // remove: a request id twice in one batch is one new row.
                inserted[i] = added.remove(text[0][i]);
            }
            return inserted;
        }
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
        try (PreparedStatement statement = connection.prepareStatement(
                dialect == Dialect.H2 ? ADD_SPEND_H2 : ADD_SPEND_POSTGRESQL)) {
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
        statement.setString(21, r.filter());
        statement.setString(22, clean(r.traceId()));
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
}
