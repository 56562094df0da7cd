package dev.switchyard.auth.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.jdbc.Database;
import dev.switchyard.testkit.Migrations;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth store opens with auth's own migrations (switchyard-jdbc's Database is tested in its module). */
class AuthDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void open_embeddedTwiceInSequence_migratesAuthTablesOnceAndKeepsData() throws Exception {
        try (Database database = AuthDatabase.open(StoreConfig.embedded(dir), null)) {
            assertThat(defaultTenants(database)).isEqualTo(1);
            new JdbcKeyStore(database, Clock.systemUTC()).addAdminKey("h", "p");
        }

        try (Database database = AuthDatabase.open(StoreConfig.embedded(dir), null)) {
            assertThat(new JdbcKeyStore(database, Clock.systemUTC()).isAdminKey("h")).isTrue();
            assertThat(defaultTenants(database)).isEqualTo(1);
        }
    }

    /** Flyway runs the scripts named by the folder's index, not what a scan finds: the index must name them all. */
    @Test
    void open_embedded_appliesEveryScriptOfTheMigrationFolder() throws Exception {
        try (Database database = AuthDatabase.open(StoreConfig.embedded(dir), null)) {
            assertThat(Migrations.applied(database.dataSource()))
                    .containsExactlyInAnyOrderElementsOf(Migrations.scriptsIn(AuthDatabase.MIGRATIONS));
        }
    }

    @Test
    void open_postgresSchema_migratesAuthTablesIntoIt() throws Exception {
        String schema = TestDatabases.randomSchema();
        try (Database database = TestDatabases.postgres(schema)) {
            assertThat(defaultTenants(database)).isEqualTo(1);
        } finally {
            TestDatabases.dropSchema(schema);
        }
    }

    private static long defaultTenants(Database database) throws Exception {
        try (var connection = database.dataSource().getConnection();
                var rows = connection.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM tenants WHERE id = 'default'")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
