package dev.switchyard.auth.store;

/**
 * The few places where PostgreSQL and the embedded H2 (in PostgreSQL mode) need different SQL.
 * Everything else (schema, queries, {@code INSERT ... ON CONFLICT DO NOTHING}) is shared.
 */
public enum Dialect {
    POSTGRESQL(
            "INSERT INTO spend_totals (scope, day, spent_micros) VALUES (?, ?, ?) "
                    + "ON CONFLICT (scope, day) DO UPDATE SET spent_micros = spend_totals.spent_micros + EXCLUDED.spent_micros"),
    /** H2 has no {@code ON CONFLICT ... DO UPDATE}; its MERGE is safe because one process owns the file. */
    H2(
            "MERGE INTO spend_totals t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS DATE), CAST(? AS BIGINT))) "
                    + "AS s (scope, day, micros) ON t.scope = s.scope AND t.day = s.day "
                    + "WHEN MATCHED THEN UPDATE SET spent_micros = t.spent_micros + s.micros "
                    + "WHEN NOT MATCHED THEN INSERT (scope, day, spent_micros) VALUES (s.scope, s.day, s.micros)");

    private final String addSpend;

    Dialect(String addSpend) {
        this.addSpend = addSpend;
    }

    /** The dialect of an open connection, for code handed a bare DataSource. */
    public static Dialect of(java.sql.Connection connection) throws java.sql.SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return product != null && product.toLowerCase(java.util.Locale.ROOT).contains("h2") ? H2 : POSTGRESQL;
    }

    /** Adds micro-USD to a (scope, day) total, creating it; parameters: scope, day (LocalDate), micros. */
    public String addSpendSql() {
        return addSpend;
    }
}
