package dev.switchyard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store holds key hashes, usage and conversations: its directory and files are the owner's only. */
class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void embeddedStore_newDataDirectory_isOwnerOnly_andItsDatabaseFileToo() throws Exception {
        Path data = dir.resolve("data");

        try (Database ignored = TestDatabases.embedded(data)) {
            assertThat(perms(data)).isEqualTo("rwx------");
            assertThat(perms(data.resolve("switchyard.mv.db"))).isEqualTo("rw-------");
        }
    }

    @Test
    void embeddedStore_existingOpenDirectoryAndFiles_areTightenedAtStart() throws Exception {
        Path data = dir.resolve("data");
        try (Database ignored = TestDatabases.embedded(data)) {
            // made by an older version
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("switchyard.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));

        try (Database ignored = TestDatabases.embedded(data)) {
            assertThat(perms(data)).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(data)) {
                files.forEach(f -> assertThat(perms(f)).as(f.toString()).isEqualTo("rw-------"));
            }
        }
    }

    private static String perms(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
