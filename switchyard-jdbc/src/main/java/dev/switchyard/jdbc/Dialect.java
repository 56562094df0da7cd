package dev.switchyard.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The two databases a store runs on: PostgreSQL, or the embedded H2 in PostgreSQL mode. Schemas and most
 * queries ({@code INSERT ... ON CONFLICT DO NOTHING} included) are shared; a store that needs different SQL
 * for one of them switches on this.
 */
public enum Dialect {
    POSTGRESQL,
    H2;

    /** The dialect of an open connection, for code handed a bare DataSource. */
    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return product != null && product.toLowerCase(Locale.ROOT).contains("h2") ? H2 : POSTGRESQL;
    }
}
