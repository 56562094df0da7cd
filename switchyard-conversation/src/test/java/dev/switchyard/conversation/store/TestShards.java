package dev.switchyard.conversation.store;

import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.StoreConfig;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Throwaway shards: PostgreSQL schemas in the {@code test} database (dropped after), or an H2 directory. */
final class TestShards implements AutoCloseable {
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private final List<String> schemas = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final String prefix = "sy_conv_" + HexFormat.of().formatHex(randomBytes()) + "_";

    /** A PostgreSQL shard named {@code shard-<index>} in its own new schema. */
    ConversationConfig.Shard postgres(int index) {
        String schema = prefix + index;
        schemas.add(schema);
        return new ConversationConfig.Shard("shard-" + index, new StoreConfig(PG_URL, "postgres", null, null, 4, schema));
    }

    ConversationConfig postgresConfig(int shards) {
        List<ConversationConfig.Shard> list = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            list.add(postgres(i));
        }
        return new ConversationConfig(true, list, 100);
    }

    ConversationConfig embeddedConfig() throws Exception {
        Path dir = Files.createTempDirectory("switchyard-conv-h2-");
        dirs.add(dir);
        return ConversationConfig.embedded(StoreConfig.embedded(dir));
    }

    /** A direct connection to a shard's schema, to check where rows really are. */
    static Connection connect(ConversationConfig.Shard shard) throws SQLException {
        Connection connection = DriverManager.getConnection(PG_URL, "postgres", null);
        connection.setSchema(shard.store().schema());
        return connection;
    }

    static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try (Connection connection = DriverManager.getConnection(PG_URL, "postgres", null);
                Statement statement = connection.createStatement()) {
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        for (Path dir : dirs) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
