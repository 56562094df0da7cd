package dev.switchyard.auth.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.jdbc.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
        try (Database database = AuthDatabase.open(StoreConfig.embedded(dir), null);
                var connection = database.dataSource().getConnection();
                var rows = connection.createStatement().executeQuery(
                        "SELECT script FROM \"flyway_schema_history\" WHERE success AND type = 'SQL' ORDER BY installed_rank")) {
            List<String> applied = new ArrayList<>();
            while (rows.next()) {
                applied.add(rows.getString(1));
            }
            assertThat(applied).containsExactlyInAnyOrderElementsOf(scriptsInTheFolder());
        }
    }

    private static List<String> scriptsInTheFolder() throws Exception {
        String folder = AuthDatabase.MIGRATIONS.substring("classpath:".length());
        try (Stream<Path> files = Files.list(Path.of(AuthDatabaseTest.class.getClassLoader().getResource(folder).toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")).toList();
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
