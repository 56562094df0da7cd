package dev.switchyard.conversation.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.jdbc.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway runs the scripts named by the folder's index, not what a scan finds: the index must name them all. */
class ShardStoreMigrationsTest {
    @TempDir
    Path dir;

    @Test
    void open_embedded_appliesEveryScriptOfTheMigrationFolder() throws Exception {
        try (Database database = Database.open(StoreConfig.embedded(dir), null, ShardStore.MIGRATIONS);
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
        String folder = ShardStore.MIGRATIONS.substring("classpath:".length());
        try (Stream<Path> files = Files.list(Path.of(
                ShardStoreMigrationsTest.class.getClassLoader().getResource(folder).toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")).toList();
        }
    }
}
