package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's start-up cache, with the real ./switchyard script in a root of its own: a fake JDK 25 whose
 * java writes down its arguments and, like the real one, writes the cache it was asked to record and the
 * serving mark when it is given one.
 */
class LauncherCacheTest {
    private static final Path LAUNCHER = Path.of("..", "switchyard").toAbsolutePath().normalize();

    @TempDir
    Path root;
    private Path target;

    @BeforeEach
    void fakeRoot() throws IOException {
        Files.copy(LAUNCHER, root.resolve("switchyard"));
        executable(root.resolve("switchyard"));
        Path jdk = root.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.createDirectories(root.resolve(".mvn"));
        Files.writeString(root.resolve(".mvn/find-jdk.sh"),
                "export JAVA_HOME='" + jdk + "'\nSY_JAVA_MAJOR=${FAKE_MAJOR:-25}\n", StandardCharsets.UTF_8);
        Files.writeString(jdk.resolve("bin/java"), """
                #!/bin/bash
                printf '%s\\n' "$@" >"$FAKE_ARGS"
                for a in "$@"; do
                  case $a in
                    -XX:AOTCacheOutput=*) printf cache >"${a#*=}" ;;
                    -Dswitchyard.startup-cache.ready=*) printf ready >"${a#*=}" ;;
                  esac
                done
                """, StandardCharsets.UTF_8);
        executable(jdk.resolve("bin/java"));
        target = Files.createDirectories(root.resolve("switchyard-app/target"));
        Path jar = Files.writeString(target.resolve("switchyard.jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    }

    @Test
    void run_sameOptionsAgain_usesTheCacheRecordedByTheRunThatServed() throws Exception {
        assertThat(launch("")).anyMatch(a -> a.startsWith("-XX:AOTCacheOutput="));

        List<String> second = launch("");

        assertThat(second).contains("-XX:AOTCache=" + target.resolve("switchyard-run.aot"));
        assertThat(second).noneMatch(a -> a.startsWith("-XX:AOTCacheOutput="));
        assertThat(launch("")).contains("-XX:AOTCache=" + target.resolve("switchyard-run.aot"));
    }

    /** Regression: a cache recorded with other JVM options was used anyway, and the JVM ignored it silently. */
    @Test
    void run_javaOptionsChanged_recordsTheCacheAgainWithThem() throws Exception {
        launch("");
        assertThat(launch("")).anyMatch(a -> a.startsWith("-XX:AOTCache="));

        List<String> changed = launch("-XX:+UseCompactObjectHeaders");

        assertThat(changed).anyMatch(a -> a.startsWith("-XX:AOTCacheOutput="))
                .noneMatch(a -> a.startsWith("-XX:AOTCache="));
        assertThat(launch("-XX:+UseCompactObjectHeaders")).anyMatch(a -> a.startsWith("-XX:AOTCache="));
        assertThat(launch("")).anyMatch(a -> a.startsWith("-XX:AOTCacheOutput="));
    }

    @Test
    void run_cacheOlderThanTheJar_recordsAgain() throws Exception {
        launch("");
        launch("");
        Files.setLastModifiedTime(target.resolve("switchyard.jar"), FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(launch("")).anyMatch(a -> a.startsWith("-XX:AOTCacheOutput="));
    }

    @Test
    void run_onJdk24Or25_allowsNettysUnsafeMemoryAccess() throws Exception {
        assertThat(launch("", 25)).contains("--sun-misc-unsafe-memory-access=allow");
        assertThat(launch("", 24)).contains("--sun-misc-unsafe-memory-access=allow");
    }

    /** JDK 21 does not know the option (its JVM would not start); JEP 471 has later JDKs deny and then remove it. */
    @Test
    void run_onJdk21Or26_leavesTheUnsafeOptionOut() throws Exception {
        assertThat(launch("", 21)).noneMatch(a -> a.startsWith("--sun-misc-unsafe-memory-access"));
        assertThat(launch("", 26)).noneMatch(a -> a.startsWith("--sun-misc-unsafe-memory-access"));
    }

    private List<String> launch(String javaOpts) throws Exception {
        return launch(javaOpts, 25);
    }

    /** Runs ./switchyard run with SWITCHYARD_JAVA_OPTS on a fake JDK {@code major}; returns its java's arguments. */
    private List<String> launch(String javaOpts, int major) throws Exception {
        Path args = root.resolve("args.txt");
        Files.deleteIfExists(args);
        ProcessBuilder pb = new ProcessBuilder(root.resolve("switchyard").toString(), "run")
                .redirectErrorStream(true).redirectOutput(root.resolve("launch.log").toFile());
        pb.environment().putAll(Map.of("FAKE_ARGS", args.toString(), "SWITCHYARD_JAVA_OPTS", javaOpts,
                "FAKE_MAJOR", Integer.toString(major)));
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(root.resolve("launch.log"))).isZero();
        return Files.readAllLines(args);
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
