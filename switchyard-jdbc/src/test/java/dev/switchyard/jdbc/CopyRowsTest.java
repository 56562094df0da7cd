package dev.switchyard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link CopyRows} against the real PostgreSQL: what goes in comes out, and a refused row refuses all. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopyRowsTest {
    private static final String COPY = "COPY copied (id, name, n, ok) FROM STDIN";

    private final String schema = TestDatabases.randomSchema();
    private Database database;

    @BeforeAll
    void open() throws SQLException {
        database = TestDatabases.postgres(schema);
        execute("CREATE TABLE copied (id BIGINT PRIMARY KEY, name VARCHAR, n BIGINT NOT NULL, ok BOOLEAN NOT NULL)");
    }

    @AfterAll
    void close() throws SQLException {
        database.close();
        TestDatabases.dropSchema(schema);
    }

    @BeforeEach
    void empty() throws SQLException {
        execute("DELETE FROM copied");
    }

    @Test
    void copyInto_textWithCopysOwnSeparatorsAndEscapes_isStoredExactlyAsGiven() throws SQLException {
        List<String> names = List.of("tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N", "\\.",
                "", "quotes \"'", "unicode é 漢字 🚀", "ends with backslash\\");
        CopyRows rows = new CopyRows(names.size());
        for (int i = 0; i < names.size(); i++) {
            rows.number(i).text(names.get(i)).number(Long.MIN_VALUE + i).flag(i % 2 == 0).endRow();
        }
        rows.number(names.size()).text(null).number(Long.MAX_VALUE).flag(false).endRow();

        long copied;
        try (Connection connection = database.dataSource().getConnection()) {
            copied = rows.copyInto(connection, COPY);
        }

        assertThat(copied).isEqualTo(names.size() + 1);
        List<String> stored = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id, name, n, ok FROM copied ORDER BY id")) {
            while (result.next()) {
                int id = result.getInt(1);
                if (id < names.size()) {
                    assertThat(result.getLong(3)).isEqualTo(Long.MIN_VALUE + id);
                    assertThat(result.getBoolean(4)).isEqualTo(id % 2 == 0);
                } else {
                    assertThat(result.getLong(3)).isEqualTo(Long.MAX_VALUE);
                }
                stored.add(result.getString(2));
            }
        }
        List<String> expected = new ArrayList<>(names);
        expected.add(null);
        assertThat(stored).containsExactlyElementsOf(expected);
    }

    @Test
    void copyInto_oneRowBreaksAUniqueKey_failsWholeWithItsStateAndStoresNothing() throws SQLException {
        CopyRows rows = new CopyRows(3);
        rows.number(1).text("a").number(1).flag(true).endRow();
        rows.number(2).text("b").number(2).flag(true).endRow();
        rows.number(1).text("again").number(3).flag(true).endRow();

        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> rows.copyInto(connection, COPY)).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
            connection.rollback();
            connection.setAutoCommit(true);
        }

        assertThat(count()).isZero();
    }

    @Test
    void copyInto_lastRowNotEnded_isRefusedBeforeAnythingIsSent() throws SQLException {
        CopyRows rows = new CopyRows(1);
        rows.number(1).text("half");

        try (Connection connection = database.dataSource().getConnection()) {
            assertThatThrownBy(() -> rows.copyInto(connection, COPY)).isInstanceOf(IllegalStateException.class);
        }

        assertThat(count()).isZero();
    }

    @Test
    void encoded_fields_areTabSeparatedRowsWithNullAsBackslashN() {
        CopyRows rows = new CopyRows(2);
        rows.number(7).text(null).flag(true).endRow().text("a\tb").number(-1).flag(false).endRow();

        assertThat(rows.encoded()).isEqualTo("7\t\\N\tt\na\\tb\t-1\tf\n");
        assertThat(rows.rows()).isEqualTo(2);
    }

    private long count() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM copied")) {
            result.next();
            return result.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
