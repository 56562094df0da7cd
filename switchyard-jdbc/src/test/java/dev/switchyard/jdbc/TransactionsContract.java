package dev.switchyard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link Transactions} promises, run against each database the stores use. */
abstract class TransactionsContract {
    private static final String UNIQUE_VIOLATION = "23505";

    private Database database;
    private DataSource dataSource;
    private Transactions transactions;

    abstract Database open() throws Exception;

    abstract void dispose() throws Exception;

    @BeforeEach
    void openDatabase() throws Exception {
        database = open();
        dataSource = database.dataSource();
        transactions = new Transactions(dataSource);
    }

    @AfterEach
    void closeDatabase() throws Exception {
        database.close();
        dispose();
    }

    @Test
    void inTransaction_workReturns_commitsAndReturnsItsResult() throws Exception {
        String result = transactions.inTransaction("could not insert", connection -> {
            insert(connection, 1, "one");
            insert(connection, 2, "two");
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(TestDatabases.count(dataSource, "id IN (1, 2)")).isEqualTo(2);
    }

    @Test
    void inTransaction_workThrowsRuntimeException_rollsBackAndRethrowsTheSameException() throws Exception {
        IllegalArgumentException thrown = new IllegalArgumentException("unknown tenant");

        assertThatThrownBy(() -> transactions.inTransaction("could not insert", connection -> {
            insert(connection, 1, "one");
            throw thrown;
        })).isSameAs(thrown);

        assertThat(TestDatabases.count(dataSource, "id = 1")).isZero();
    }

    @Test
    void inTransaction_workThrowsError_rollsBackAndRethrowsTheError() throws Exception {
        AssertionError thrown = new AssertionError("not a RuntimeException");

        assertThatThrownBy(() -> transactions.inTransaction("could not insert", connection -> {
            insert(connection, 1, "one");
            throw thrown;
        })).isSameAs(thrown);

        assertThat(TestDatabases.count(dataSource, "id = 1")).isZero();
    }

    @Test
    void inTransaction_statementFails_rollsBackEarlierWritesAndThrowsStoreExceptionWithTheContext() throws Exception {
        assertThatThrownBy(() -> transactions.inTransaction("could not insert things", connection -> {
            insert(connection, 1, "one");
            insert(connection, 0, "the seed's id again");
            return null;
        })).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("could not insert things: ")
                .satisfies(e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo(UNIQUE_VIOLATION));

        assertThat(TestDatabases.count(dataSource, "id = 1")).isZero();
    }

    @Test
    void inTransactionOrThrow_statementFails_throwsTheSqlExceptionUnchangedAndRollsBack() throws Exception {
        SQLException thrown = new SQLException("refused", "22001");

        assertThatThrownBy(() -> transactions.inTransactionOrThrow(connection -> {
            insert(connection, 1, "one");
            throw thrown;
        })).isSameAs(thrown);

        assertThat(TestDatabases.count(dataSource, "id = 1")).isZero();
    }

    @Test
    void inTransaction_afterCommitAndAfterRollback_leavesTheConnectionInAutocommit() throws Exception {
        try (OneConnection one = new OneConnection(dataSource)) {
            Transactions onOne = new Transactions(one);

            onOne.inTransaction("could not insert", connection -> insert(connection, 1, "one"));
            assertThat(one.real().getAutoCommit()).isTrue();

            assertThatThrownBy(() -> onOne.inTransaction("could not insert", connection -> {
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(one.real().getAutoCommit()).isTrue();

            assertThatThrownBy(() -> onOne.inTransaction("could not insert", connection -> insert(connection, 1, "dup")))
                    .isInstanceOf(StoreException.class);
            assertThat(one.real().getAutoCommit()).isTrue();
        }
    }

    @Test
    void inTransaction_nestedOnTheSameDataSource_isRefusedAndTheOuterRollsBack() throws Exception {
        assertThatThrownBy(() -> transactions.inTransaction("outer", connection -> {
            insert(connection, 1, "one");
            return transactions.inTransaction("inner", inner -> insert(inner, 2, "two"));
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("nested");

        assertThat(TestDatabases.count(dataSource, "id IN (1, 2)")).isZero();
    }

    @Test
    void withConnection_insideATransactionOnTheSameDataSource_isRefused() throws Exception {
        assertThatThrownBy(() -> transactions.inTransaction("outer", connection ->
                new Transactions(dataSource).withConnection("inner", inner -> insert(inner, 2, "two"))))
                .isInstanceOf(IllegalStateException.class);

        assertThat(TestDatabases.count(dataSource, "id = 2")).isZero();
    }

    @Test
    void inTransaction_afterARefusedNestedUse_worksAgainOnTheSameThread() throws Exception {
        assertThatThrownBy(() -> transactions.inTransaction("outer", connection ->
                transactions.inTransaction("inner", inner -> null))).isInstanceOf(IllegalStateException.class);

        transactions.inTransaction("again", connection -> insert(connection, 3, "three"));
        assertThat(TestDatabases.count(dataSource, "id = 3")).isEqualTo(1);
    }

    @Test
    void inTransaction_retryableFailureOnce_runsTheWorkAgainOnARolledBackState() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        int result = transactions.inTransaction("could not insert", Transactions.Retry.onSqlState(UNIQUE_VIOLATION, 3),
                connection -> {
                    insert(connection, 5, "five");
                    if (runs.incrementAndGet() == 1) {
                        insert(connection, 0, "collides with the seed");
                    }
                    return runs.get();
                });

        assertThat(result).isEqualTo(2);
        assertThat(TestDatabases.count(dataSource, "id = 5")).isEqualTo(1);
    }

    @Test
    void inTransaction_failureKeepsMatchingTheRetry_givesUpAfterTheAttempts() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> transactions.inTransaction("could not insert",
                Transactions.Retry.onSqlState(UNIQUE_VIOLATION, 3), connection -> {
                    runs.incrementAndGet();
                    return insert(connection, 0, "collides with the seed");
                })).isInstanceOf(StoreException.class);

        assertThat(runs).hasValue(3);
    }

    @Test
    void inTransaction_failureNotMatchingTheRetry_isNotRunAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> transactions.inTransaction("could not insert",
                Transactions.Retry.onSqlState("40001", 3), connection -> {
                    runs.incrementAndGet();
                    return insert(connection, 0, "collides with the seed");
                })).isInstanceOf(StoreException.class);

        assertThat(runs).hasValue(1);
    }

    @Test
    void withConnection_statementFails_throwsStoreExceptionAndEarlierStatementsStay() throws Exception {
        assertThatThrownBy(() -> transactions.withConnection("could not insert", connection -> {
            insert(connection, 1, "one");
            return insert(connection, 0, "collides with the seed");
        })).isInstanceOf(StoreException.class).hasMessageStartingWith("could not insert: ");

        assertThat(TestDatabases.count(dataSource, "id = 1")).isEqualTo(1);
    }

    private static int insert(Connection connection, int id, String name) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO things (id, name) VALUES (?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, name);
            return insert.executeUpdate();
        }
    }
}
