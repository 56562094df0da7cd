package dev.switchyard.core.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A JDBC database's check: borrow a connection and ask the driver whether it is valid, on a Vert.x
 * worker thread (JDBC blocks; never on an event loop). A pool whose connections all are busy waits for
 * one up to its own connection timeout; the runner's timeout answers first.
 */
public final class JdbcCheck {
    private JdbcCheck() {}

    public static DependencyCheck.Probe probe(Vertx vertx, DataSource dataSource) {
        return timeout -> vertx.executeBlocking(() -> {
            int seconds = (int) Math.max(1, Math.ceil(timeout.toMillis() / 1000.0));
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isValid(seconds)) {
                    throw new SQLException("connection is not valid");
                }
            }
            return null;
        }, false).mapEmpty();
    }

    public static DependencyCheck required(Vertx vertx, String name, DataSource dataSource) {
        return DependencyCheck.required(name, probe(vertx, dataSource));
    }
}
