package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .mvn/find-jdk.sh, sourced by the launcher, ./mvnw and CI: which JDK it picks, and the version it reports. */
class FindJdkScriptTest {
    private static final Path SCRIPT = Path.of("..", ".mvn", "find-jdk.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void findJdk_javaHomeNewEnough_keepsItWithTheVersionOfItsReleaseFile() throws Exception {
        Path jdk = fakeJdk("JAVA_VERSION=\"22.0.1\"\nIMPLEMENTOR=\"x\"\n", null);

        assertThat(source(jdk)).isEqualTo(jdk + " 22");
    }

    @Test
    void findJdk_releaseFileWithoutFinalLineBreak_stillReadsTheVersion() throws Exception {
        Path jdk = fakeJdk("IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"24\"", null);

        assertThat(source(jdk)).isEqualTo(jdk + " 24");
    }

    @Test
    void findJdk_noVersionInTheReleaseFile_asksTheJdksJava() throws Exception {
        Path jdk = fakeJdk("IMPLEMENTOR=\"x\"\n", "    java.specification.version = 23");

        assertThat(source(jdk)).isEqualTo(jdk + " 23");
    }

    @Test
    void findJdk_javaHomeTooOld_picksAnotherOfAtLeast21() throws Exception {
        Path jdk = fakeJdk("JAVA_VERSION=\"17.0.15\"\n", null);

        String[] found = source(jdk).split(" ");

        assertThat(found[0]).isNotEqualTo(jdk.toString());
        assertThat(Integer.parseInt(found[1])).isGreaterThanOrEqualTo(21);
    }

    private Path fakeJdk(String release, String javaSays) throws IOException {
        Path jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), release, StandardCharsets.UTF_8);
        executable(jdk.resolve("bin/javac"), "#!/bin/sh\nexit 0\n");
        executable(jdk.resolve("bin/java"), javaSays == null ? "#!/bin/sh\nexit 1\n"
                : "#!/bin/sh\necho '" + javaSays + "' >&2\n");
        return jdk;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** "JAVA_HOME SY_JAVA_MAJOR" after sourcing the script with {@code javaHome} set. */
    private static String source(Path javaHome) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". \"$0\" && echo \"$JAVA_HOME $SY_JAVA_MAJOR\"",
                SCRIPT.toString()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome.toString());
        Process process = pb.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
