package dev.switchyard.conversation.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.jdbc.Database;
import dev.switchyard.testkit.Migrations;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway runs the scripts named by the folder's index, not what a scan finds: the index must name them all. */
class ShardStoreMigrationsTest {
    @TempDir
    Path dir;

    @Test
    void open_embedded_appliesEveryScriptOfTheMigrationFolder() throws Exception {
        try (Database database = Database.open(StoreConfig.embedded(dir), null, ShardStore.MIGRATIONS)) {
            assertThat(Migrations.applied(database.dataSource()))
                    .containsExactlyInAnyOrderElementsOf(Migrations.scriptsIn(ShardStore.MIGRATIONS));
        }
    }
}
