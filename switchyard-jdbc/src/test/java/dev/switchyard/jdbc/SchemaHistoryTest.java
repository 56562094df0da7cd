package dev.switchyard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaHistoryTest {
    private static final String EDGE = "classpath:db/migration/jdbctest-edge";
    private static final String NEXT = "classpath:db/migration/jdbctest-next";
    private static final ClassLoader LOADER = SchemaHistoryTest.class.getClassLoader();

    @TempDir
    Path dir;

    @Test
    void holdsExactly_afterFlywayAppliedScriptsWithBomCrlfAndNonAscii_isTrue() {
        // Flyway stored its own checksums: ours must equal them, or every start would run Flyway again.
        try (Database database = Database.open(StoreConfig.embedded(dir), null, EDGE)) {
            assertThat(entries(EDGE)).extracting(SchemaHistory.Entry::version).containsExactly("1", "1.1");
            assertThat(SchemaHistory.holdsExactly(database.dataSource(), null, entries(EDGE))).isTrue();
        }
    }

    @Test
    void migrate_schemaCurrent_leavesFlywayOut() {
        try (Database database = TestDatabases.embedded(dir)) {
            assertThat(Database.migrate(database.dataSource(), null, TestDatabases.MIGRATIONS)).isFalse();
        }
    }

    @Test
    void migrate_freshDatabase_runsFlyway() throws Exception {
        try (Database database = TestDatabases.embedded(dir);
                Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE flyway_schema_history");
            statement.execute("DROP TABLE things");

            assertThat(Database.migrate(database.dataSource(), null, TestDatabases.MIGRATIONS)).isTrue();
            assertThat(TestDatabases.count(database.dataSource(), "name = 'seed'")).isEqualTo(1);
        }
    }

    @Test
    void open_aScriptNotYetApplied_appliesItThroughFlyway() throws Exception {
        TestDatabases.embedded(dir).close();

        try (Database database = Database.open(StoreConfig.embedded(dir), null, NEXT)) {
            assertThat(TestDatabases.count(database.dataSource(), "name = 'next'")).isEqualTo(1);
            assertThat(SchemaHistory.holdsExactly(database.dataSource(), null, entries(NEXT))).isTrue();
        }
    }

    @Test
    void holdsExactly_aScriptNotYetApplied_isFalse() {
        try (Database database = TestDatabases.embedded(dir)) {
            assertThat(SchemaHistory.holdsExactly(database.dataSource(), null, entries(NEXT))).isFalse();
        }
    }

    @Test
    void open_anAppliedScriptChanged_isRefusedByFlyway() throws Exception {
        try (Database database = TestDatabases.embedded(dir)) {
            update(database.dataSource(), "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
            assertThat(SchemaHistory.holdsExactly(database.dataSource(), null, entries(TestDatabases.MIGRATIONS)))
                    .isFalse();
        }

        assertThatThrownBy(() -> TestDatabases.embedded(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void holdsExactly_aFailedScript_isFalse() throws Exception {
        assertThat(holdsExactlyAfter("UPDATE flyway_schema_history SET success = FALSE WHERE version = '1'")).isFalse();
    }

    @Test
    void holdsExactly_noHistoryTable_isFalse() throws Exception {
        assertThat(holdsExactlyAfter("DROP TABLE flyway_schema_history")).isFalse();
    }

    @Test
    void holdsExactly_anotherKindOfRow_isFalse() throws Exception {
        assertThat(holdsExactlyAfter("UPDATE flyway_schema_history SET type = 'BASELINE' WHERE version = '1'"))
                .isFalse();
    }

    @Test
    void holdsExactly_postgresSchemaMigrated_isTrueThereAndFalseElsewhere() throws Exception {
        String schema = TestDatabases.randomSchema();
        try (Database database = TestDatabases.postgres(schema)) {
            List<SchemaHistory.Entry> expected = entries(TestDatabases.MIGRATIONS);
            assertThat(SchemaHistory.holdsExactly(database.dataSource(), schema, expected)).isTrue();
            assertThat(SchemaHistory.holdsExactly(database.dataSource(), schema + "_none", expected)).isFalse();
            assertThat(Database.migrate(database.dataSource(), schema, TestDatabases.MIGRATIONS)).isFalse();
        } finally {
            TestDatabases.dropSchema(schema);
        }
    }

    /** Migrates the test scripts, runs {@code sql} on the result, then asks whether the history holds them. */
    private boolean holdsExactlyAfter(String sql) throws SQLException {
        try (Database database = TestDatabases.embedded(dir)) {
            update(database.dataSource(), sql);
            return SchemaHistory.holdsExactly(database.dataSource(), null, entries(TestDatabases.MIGRATIONS));
        }
    }

    private static List<SchemaHistory.Entry> entries(String location) {
        return new ArrayList<>(ListedScripts.of(location, LOADER).entries().orElseThrow());
    }

    private static void update(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
