package dev.switchyard.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on one connection; it must not keep the connection after it returns. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
