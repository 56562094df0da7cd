package dev.switchyard.auth.ledger;

import dev.switchyard.jdbc.Database;
import dev.switchyard.jdbc.Sql;
import dev.switchyard.jdbc.Transactions;
import dev.switchyard.usage.UsageRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Reads the usage ledger for {@code GET /admin/usage} and {@code switchyard usage}. Blocking (JDBC): callers run
 * it off the event loop. Filter values are always bound as parameters; a grouping only ever selects one of the
 * fixed SQL expressions of {@link GroupBy}.
 */
public final class UsageQuery {
    private static final String SUMS = "COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), "
            + "COALESCE(SUM(cache_creation_tokens), 0), COALESCE(SUM(cache_read_tokens), 0), "
            + "COALESCE(SUM(cost_micros), 0), COALESCE(SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END), 0)";
    private static final String RECORD_COLUMNS = "time, request_id, key_id, tenant_id, user_id, model_asked, "
            + "model_served, deployment, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, "
            + "cost_micros, latency_ms, ttft_ms, status, retries, fallback, cache_hit, saved_micros, filter_actions, trace_id";

    private final Transactions transactions;

    public UsageQuery(DataSource dataSource) {
        this.transactions = new Transactions(Objects.requireNonNull(dataSource, "dataSource"));
    }

    public UsageQuery(Database database) {
        this(database.dataSource());
    }

    /** How to split the totals. */
    public enum GroupBy {
        /** The model that served the request, or the one asked for when none did (a failed request). */
        MODEL("COALESCE(model_served, model_asked)"),
        KEY("key_id"),
        TENANT("tenant_id"),
        /** The UTC date, as yyyy-MM-dd. */
        DAY("CAST(time AT TIME ZONE 'UTC' AS DATE)");

        private final String expression;

        GroupBy(String expression) {
            this.expression = expression;
        }
    }

    /**
     * Which records to count; every field is optional (null = any). {@code model} matches the model asked for or
     * the model served. {@code from} is inclusive, {@code to} exclusive.
     */
    public record Filter(String keyId, String tenantId, String model, Instant from, Instant to) {
        public static final Filter ALL = new Filter(null, null, null, null, null);
    }

    /** Totals of one group ({@code group} is null for the overall total or records without that field). */
    public record Row(
            String group,
            long requests,
            long inputTokens,
            long outputTokens,
            long cacheCreationTokens,
            long cacheReadTokens,
            long costMicros,
            long errors) {}

    /**
     * Totals per group, or one total row when {@code groupBy} is null. Days come in date order, the other
     * groups by cost, highest first.
     */
    public List<Row> totals(Filter filter, GroupBy groupBy) {
        Where where = where(filter == null ? Filter.ALL : filter);
        String sql = groupBy == null
                ? "SELECT NULL, " + SUMS + " FROM usage_records" + where.sql
                : "SELECT " + groupBy.expression + ", " + SUMS + " FROM usage_records" + where.sql
                        + " GROUP BY " + groupBy.expression + " ORDER BY "
                        + (groupBy == GroupBy.DAY ? groupBy.expression : "7 DESC, 1");
        return run("sum usage", sql, where.values, rows -> {
            List<Row> result = new ArrayList<>();
            while (rows.next()) {
                Object group = groupBy == GroupBy.DAY ? rows.getObject(1, LocalDate.class) : rows.getString(1);
                result.add(new Row(group == null ? null : group.toString(), rows.getLong(2), rows.getLong(3),
                        rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8)));
            }
            return result;
        });
    }

    /** The latest {@code limit} records matching the filter, newest first. */
    public List<UsageRecord> recent(Filter filter, int limit) {
        Where where = where(filter == null ? Filter.ALL : filter);
        List<Object> values = new ArrayList<>(where.values);
        values.add(Math.max(0, limit));
        String sql = "SELECT " + RECORD_COLUMNS + " FROM usage_records" + where.sql + " ORDER BY time DESC, id DESC "
                + "LIMIT ?";
        return run("read recent usage", sql, values, rows -> {
            List<UsageRecord> result = new ArrayList<>();
            while (rows.next()) {
                result.add(record(rows));
            }
            return result;
        });
    }

    private static UsageRecord record(ResultSet rows) throws SQLException {
        return new UsageRecord(Sql.instant(rows, "time"), rows.getString("request_id"), rows.getString("key_id"),
                rows.getString("tenant_id"), rows.getString("user_id"), rows.getString("model_asked"),
                rows.getString("model_served"), rows.getString("deployment"), rows.getLong("input_tokens"),
                rows.getLong("output_tokens"), rows.getLong("cache_creation_tokens"),
                rows.getLong("cache_read_tokens"), rows.getLong("cost_micros"), rows.getLong("latency_ms"),
                rows.getLong("ttft_ms"), rows.getInt("status"), rows.getInt("retries"), rows.getBoolean("fallback"),
                rows.getBoolean("cache_hit"), rows.getLong("saved_micros"),
                rows.getString("filter_actions"), rows.getString("trace_id"));
    }

    private static Where where(Filter filter) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (filter.keyId() != null) {
            conditions.add("key_id = ?");
            values.add(filter.keyId());
        }
        if (filter.tenantId() != null) {
            conditions.add("tenant_id = ?");
            values.add(filter.tenantId());
        }
        if (filter.model() != null) {
            conditions.add("(model_asked = ? OR model_served = ?)");
            values.add(filter.model());
            values.add(filter.model());
        }
        if (filter.from() != null) {
            conditions.add("time >= ?");
            values.add(filter.from());
        }
        if (filter.to() != null) {
            conditions.add("time < ?");
            values.add(filter.to());
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), values);
    }

    private <T> T run(String what, String sql, List<Object> values, RowReader<T> reader) {
        return transactions.withConnection("could not " + what, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.size(); i++) {
                    Object value = values.get(i);
                    if (value instanceof Instant instant) {
                        Sql.setInstant(statement, i + 1, instant);
                    } else {
                        statement.setObject(i + 1, value);
                    }
                }
                try (ResultSet rows = statement.executeQuery()) {
                    return reader.read(rows);
                }
            }
        });
    }

    private record Where(String sql, List<Object> values) {}

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }
}
