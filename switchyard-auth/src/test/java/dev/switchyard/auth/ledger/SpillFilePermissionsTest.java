package dev.switchyard.auth.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spilled usage records name keys, tenants and users: the owner's only. */
class SpillFilePermissionsTest {
    @TempDir
    Path dir;

    @Test
    void spill_newDirectoryAndFile_areOwnerOnly() throws Exception {
        Path spill = dir.resolve("spill");
        SpillFiles files = new SpillFiles(spill, Clock.systemUTC());
        files.prepare();

        Path written = files.write(List.of(Usage.record("req_1", 1)));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spill))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-------");
    }
}
