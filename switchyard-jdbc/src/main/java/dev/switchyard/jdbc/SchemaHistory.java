package dev.switchyard.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Flyway's history table, read without Flyway: does it hold exactly the listed scripts, each applied and
 * unchanged? Then a store opens without building and running Flyway, which took 0.17-0.25 s of each
 * store's opening on the way to /ready (profiled) (BENCHMARKS.md, issue 15, sixth pass). Anything else (no table yet, a script
 * not yet applied, a failed or changed one, a row of another kind) answers false and Flyway runs as before:
 * this check can only skip work Flyway would find done, never accept a schema Flyway would refuse.
 */
final class SchemaHistory {
    private static final String TABLE = "flyway_schema_history";
    /** The rows Flyway writes when it creates the schema or the history table itself: not scripts. */
    private static final Set<String> MARKER_ROWS = Set.of("SCHEMA", "TABLE");
    private static final String SCRIPT_ROW = "SQL";

    /** One applied versioned script as Flyway records it. */
    record Entry(String version, String script, int checksum) {}

    private SchemaHistory() {}

    /** True when the history of {@code schema} (null: the connection's) is exactly {@code expected}, in order. */
    static boolean holdsExactly(DataSource dataSource, String schema, List<Entry> expected) {
        try (Connection connection = dataSource.getConnection()) {
            return exists(connection, schema) && applied(connection, schema).filter(expected::equals).isPresent();
        } catch (SQLException e) {
            return false;
        }
    }

    /** The applied scripts in order; empty when a row is neither one of them nor a marker: Flyway must look. */
    private static Optional<List<Entry>> applied(Connection connection, String schema) throws SQLException {
        String table = schema == null ? TABLE : quoted(schema) + "." + TABLE;
        List<Entry> entries = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, script, checksum, success, type FROM "
                        + table + " ORDER BY installed_rank")) {
            while (rows.next()) {
                String type = rows.getString("type");
                if (MARKER_ROWS.contains(type)) {
                    continue;
                }
                int checksum = rows.getInt("checksum");
                if (!SCRIPT_ROW.equals(type) || rows.wasNull() || !rows.getBoolean("success")) {
                    return Optional.empty();
                }
                entries.add(new Entry(rows.getString("version"), rows.getString("script"), checksum));
            }
        }
        return Optional.of(entries);
    }

    /** Asked first: a query of a missing table would leave an error in H2's trace file of a new store. */
    private static boolean exists(Connection connection, String schema) throws SQLException {
        String in = schema == null ? connection.getSchema() : schema;
        try (ResultSet tables = connection.getMetaData().getTables(null, in, TABLE, null)) {
            return tables.next();
        }
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
