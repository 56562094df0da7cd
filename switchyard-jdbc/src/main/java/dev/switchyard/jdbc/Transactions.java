package dev.switchyard.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * The one way stores run JDBC work on a {@link DataSource}: a connection per call, either in autocommit mode
 * ({@link #withConnection}) or in one transaction ({@link #inTransaction}) that commits when the work returns
 * and rolls back when it throws anything at all (an {@link Error} included), the connection's autocommit
 * being restored either way. SQL failures leave as a {@link StoreException} whose message names the context
 * and holds no password.
 *
 * <p>Nested use is refused: work running in a transaction that asks the same data source for another
 * connection gets an {@link IllegalStateException} (and its transaction rolls back). A second connection
 * would not see the first one's uncommitted rows, could wait forever for the row locks it holds, and with a
 * small pool could wait forever for a connection. Work is handed its connection: it must use that one.
 */
public final class Transactions {
    /** The data sources the current thread is inside a transaction on; null when none (the usual case). */
    private static final ThreadLocal<Set<DataSource>> OPEN = new ThreadLocal<>();

    private final DataSource dataSource;

    public Transactions(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** When a failed transaction is run again: the whole transaction, from a new connection. */
    public record Retry(int attempts, Predicate<SQLException> when) {
        public static final Retry NONE = new Retry(1, e -> false);

        public Retry {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
            }
            Objects.requireNonNull(when, "when");
        }

        /** Up to {@code attempts} runs in all while the failure (or one in its chain) has this SQLState. */
        public static Retry onSqlState(String sqlState, int attempts) {
            Objects.requireNonNull(sqlState, "sqlState");
            return new Retry(attempts, e -> hasSqlState(e, sqlState));
        }
    }

    /** Runs the work on a connection in autocommit mode: reads, and writes of one statement. */
    public <T> T withConnection(String context, SqlWork<T> work) {
        refuseNested();
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw StoreException.of(context, e);
        }
    }

    /** Runs the work in one transaction; {@code context} (e.g. "could not revoke a key") heads the failure. */
    public <T> T inTransaction(String context, SqlWork<T> work) {
        return inTransaction(context, Retry.NONE, work);
    }

    /** As {@link #inTransaction(String, SqlWork)}, running it again (rolled back first) as {@code retry} says. */
    public <T> T inTransaction(String context, Retry retry, SqlWork<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return inTransactionOrThrow(work);
            } catch (SQLException e) {
                if (attempt >= retry.attempts() || !retry.when().test(e)) {
                    throw StoreException.of(context, e);
                }
            }
        }
    }

    /**
     * Runs the work in one transaction and lets an SQLException out as it is, for a caller that classifies
     * failures itself (by SQLState, through the chain of next exceptions) and keeps its messages out of logs.
     */
    public <T> T inTransactionOrThrow(SqlWork<T> work) throws SQLException {
        refuseNested();
        Set<DataSource> open = OPEN.get();
        if (open == null) {
            open = Collections.newSetFromMap(new IdentityHashMap<>());
            OPEN.set(open);
        }
        open.add(dataSource);
        try (Connection connection = dataSource.getConnection()) {
            return commitOrRollBack(connection, work);
        } finally {
            open.remove(dataSource);
            if (open.isEmpty()) {
                OPEN.remove();
            }
        }
    }

    private static <T> T commitOrRollBack(Connection connection, SqlWork<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        Throwable failure = null;
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (Throwable t) {
            failure = t;
            rollBack(connection, t);
            throw t;
        } finally {
            restoreAutoCommit(connection, autoCommit, failure);
        }
    }

    private static void rollBack(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            // The original failure is what the caller must see; the connection is likely broken anyway.
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit, Throwable failure) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException | RuntimeException e) {
            // After a commit the work is done and must be reported so; a pool resets or drops the connection.
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    private void refuseNested() {
        Set<DataSource> open = OPEN.get();
        if (open != null && open.contains(dataSource)) {
            throw new IllegalStateException("nested use of a data source inside one of its transactions: "
                    + "use the connection the transaction's work was given");
        }
    }

    private static boolean hasSqlState(SQLException e, String sqlState) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null && depth < 16; s = s.getNextException(), depth++) {
                    if (sqlState.equals(s.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
