package dev.switchyard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Passwords a driver repeats (URL parameters, user info, connection properties) never leave in a StoreException. */
class StoreExceptionTest {
    @Test
    void of_messageWithPasswordParameter_isRedactedInTheMessageAndTheCauseKeepsItsSqlState() {
        SQLException cause = new SQLException(
                "cannot connect to jdbc:postgresql://db:5432/app?user=sy&password=hunter2&ssl=true", "08001", 7);

        StoreException e = StoreException.of("could not read keys", cause);

        assertThat(e.getMessage()).startsWith("could not read keys: ").doesNotContain("hunter2")
                .contains("password=***&ssl=true");
        assertThat(e.getCause()).isInstanceOf(SQLException.class).hasMessageNotContaining("hunter2");
        assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("08001");
        assertThat(((SQLException) e.getCause()).getErrorCode()).isEqualTo(7);
        assertThat(e.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
    }

    @Test
    void of_secretDeeperInTheChain_isRedactedThereToo() {
        SQLException next = new SQLException("properties {user=sy, password=hunter2}", "28P01");
        SQLException cause = new SQLException("batch failed", "22001",
                new IllegalStateException("url jdbc:postgresql://sy:hunter2@db/app"));
        cause.setNextException(next);

        StoreException e = StoreException.of("could not write", cause);

        SQLException copy = (SQLException) e.getCause();
        assertThat(copy.getCause()).hasMessageNotContaining("hunter2").hasMessageContaining("sy:***@db");
        assertThat((Throwable) copy.getNextException()).hasMessageNotContaining("hunter2");
        assertThat(copy.getNextException().getSQLState()).isEqualTo("28P01");
    }

    @Test
    void of_noSecretAnywhere_keepsTheCauseItself() {
        SQLException cause = new SQLException("duplicate key value violates unique constraint", "23505");

        StoreException e = StoreException.of("could not create a key", cause);

        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.getMessage()).isEqualTo("could not create a key: duplicate key value violates unique constraint");
    }
}
