package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets made at start are shown on a terminal only; anywhere else (a log collector) they go to a private file. */
class SecretNoticesTest {
    private static final List<String> SECRETS = List.of("First start: created a client API key (shown once): sk-sy-s3cret");

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void show_onATerminal_printsTheSecretsAndWritesNoFile() throws Exception {
        SecretNotices.show(SECRETS, true, dir.resolve("data"), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sk-sy-s3cret");
        assertThat(dir.resolve("data").resolve(SecretNotices.FILE)).doesNotExist();
    }

    @Test
    void show_notATerminal_writesAnOwnerOnlyFileAndPrintsOnlyItsPath() throws Exception {
        Path data = dir.resolve("data");

        SecretNotices.show(SECRETS, false, data, new PrintStream(out, true, StandardCharsets.UTF_8));

        Path file = data.resolve(SecretNotices.FILE);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("sk-sy-s3cret")
                .contains(file.toAbsolutePath().toString());
        assertThat(Files.readString(file)).contains("sk-sy-s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }

    @Test
    void show_notATerminal_fileLeftFromAnEarlierStart_isReplaced() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve(SecretNotices.FILE), "old secrets");
        Files.setPosixFilePermissions(data.resolve(SecretNotices.FILE), PosixFilePermissions.fromString("rw-r--r--"));

        SecretNotices.show(SECRETS, false, data, new PrintStream(out, true, StandardCharsets.UTF_8));

        Path file = data.resolve(SecretNotices.FILE);
        assertThat(Files.readString(file)).doesNotContain("old secrets").contains("sk-sy-s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void show_nothingToShow_writesNothing() throws Exception {
        SecretNotices.show(List.of(), false, dir.resolve("data"), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(dir.resolve("data")).doesNotExist();
        assertThat(out.size()).isZero();
    }
}
