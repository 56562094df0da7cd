package dev.switchyard.jdbc;

import dev.switchyard.core.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/** The real PostgreSQL (a throwaway schema) and H2 files, migrated with this module's test table. */
final class TestDatabases {
    static final String MIGRATIONS = "classpath:db/migration/jdbctest";
    static final String PG_HOST = "127.0.0.1";
    static final int PG_PORT = 5432;
    static final String PG_USER = "postgres";

    private TestDatabases() {}

    static String pgUrl(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/test";
    }

    static String randomSchema() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "sy_jdbc_" + HexFormat.of().formatHex(bytes);
    }

    static Database postgres(String schema) {
        return Database.open(new StoreConfig(pgUrl(PG_HOST, PG_PORT), PG_USER, null, null, 4), schema, MIGRATIONS);
    }

    static Database embedded(Path dir) {
        return Database.open(StoreConfig.embedded(dir), null, MIGRATIONS);
    }

    static void dropSchema(String schema) throws SQLException {
        try (Connection connection = DriverManager.getConnection(pgUrl(PG_HOST, PG_PORT), PG_USER, null);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    static long count(DataSource dataSource, String where) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM things WHERE " + where)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
