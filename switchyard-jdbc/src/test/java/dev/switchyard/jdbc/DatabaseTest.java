package dev.switchyard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.config.StoreConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void open_embeddedDirectoryMissing_createsItAndMigrates() throws Exception {
        Path nested = dir.resolve("a").resolve("b");

        try (Database database = TestDatabases.embedded(nested)) {
            assertThat(database.isEmbedded()).isTrue();
            assertThat(nested.resolve("switchyard.mv.db")).exists();
            assertThat(seedRows(database)).isEqualTo(1);
        }
    }

    @Test
    void open_embeddedTwiceInSequence_keepsDataAndMigratesOnce() throws Exception {
        try (Database database = TestDatabases.embedded(dir)) {
            new Transactions(database.dataSource()).withConnection("insert", connection ->
                    connection.createStatement().executeUpdate("INSERT INTO things (id, name) VALUES (1, 'kept')"));
        }

        try (Database database = TestDatabases.embedded(dir)) {
            assertThat(TestDatabases.count(database.dataSource(), "name = 'kept'")).isEqualTo(1);
            assertThat(seedRows(database)).isEqualTo(1);
        }
    }

    @Test
    void open_embedded_pageCacheIsSmallSoWrittenPagesDoNotFillTheOldGeneration() throws Exception {
        try (Database database = TestDatabases.embedded(dir)) {
            String maxMb = new Transactions(database.dataSource()).withConnection("settings", connection -> {
                try (var rs = connection.createStatement().executeQuery("SELECT setting_value FROM "
                        + "information_schema.settings WHERE setting_name = 'info.CACHE_MAX_SIZE'")) {
                    return rs.next() ? rs.getString(1) : null;
                }
            });

            // H2 reports the cache's ceiling in MB; its default is 16.
            assertThat(maxMb).isEqualTo(String.valueOf(Database.EMBEDDED_CACHE_KB / 1024));
        }
    }

    @Test
    void open_embeddedFileHeldByAnotherProcess_failsNamingThePath() throws Exception {
        Process holder = H2FileHolder.hold(dir);
        try {
            assertThatThrownBy(() -> TestDatabases.embedded(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.toAbsolutePath().resolve("switchyard.mv.db").toString())
                    .hasMessageContaining("locked");
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void open_postgresUnreachable_failsFastWithoutThePassword() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        StoreConfig config = new StoreConfig(TestDatabases.pgUrl("127.0.0.1", port), "postgres", "hunter2", null, 2);
        long start = System.nanoTime();

        assertThatThrownBy(() -> Database.open(config, null, TestDatabases.MIGRATIONS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }

    @Test
    void open_postgresRefusesThePasswordGivenInTheUrl_failsWithoutThePassword() {
        StoreConfig config = new StoreConfig(TestDatabases.pgUrl("127.0.0.1", TestDatabases.PG_PORT)
                + "?password=hunter2&user=no_such_role_sy", "no_such_role_sy", "hunter3", null, 2);

        assertThatThrownBy(() -> Database.open(config, null, TestDatabases.MIGRATIONS))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("hunter3"));
    }

    @Test
    void open_postgresSchemaTwice_createsTheSchemaAndMigratesOnce() throws Exception {
        String schema = TestDatabases.randomSchema();
        try {
            try (Database first = TestDatabases.postgres(schema)) {
                assertThat(first.isEmbedded()).isFalse();
                assertThat(seedRows(first)).isEqualTo(1);
            }
            try (Database second = TestDatabases.postgres(schema)) {
                assertThat(seedRows(second)).isEqualTo(1);
                try (var connection = second.dataSource().getConnection()) {
                    assertThat(connection.getSchema()).isEqualTo(schema);
                }
            }
        } finally {
            TestDatabases.dropSchema(schema);
        }
    }

    private static long seedRows(Database database) throws Exception {
        return TestDatabases.count(database.dataSource(), "name = 'seed'");
    }
}
