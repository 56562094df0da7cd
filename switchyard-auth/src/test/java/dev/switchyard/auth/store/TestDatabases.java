package dev.switchyard.auth.store;

import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.jdbc.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/** The two databases every store test runs on: the real PostgreSQL (a throwaway schema) and an H2 file. */
public final class TestDatabases {
    public static final String PG_HOST = "127.0.0.1";
    public static final int PG_PORT = 5432;
    public static final String PG_USER = "postgres";

    private TestDatabases() {}

    public static String pgUrl(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/test";
    }

    public static StoreConfig postgresConfig(int port) {
        return new StoreConfig(pgUrl(PG_HOST, port), PG_USER, null, null, 4);
    }

    public static String randomSchema() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "sy_test_" + HexFormat.of().formatHex(bytes);
    }

    public static Database postgres(String schema) {
        return AuthDatabase.open(postgresConfig(PG_PORT), schema);
    }

    public static Database embedded(Path dir) {
        return AuthDatabase.open(StoreConfig.embedded(dir), null);
    }

    public static void dropSchema(String schema) throws SQLException {
        try (Connection connection = DriverManager.getConnection(pgUrl(PG_HOST, PG_PORT), PG_USER, null);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Empties every table but keeps the migrated schema and the default tenant. */
    public static void clear(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM usage_records");
            statement.execute("DELETE FROM spend_totals");
            statement.execute("DELETE FROM api_keys");
            statement.execute("DELETE FROM admin_keys");
            statement.execute("DELETE FROM tenants WHERE id <> 'default'");
        }
    }
}
