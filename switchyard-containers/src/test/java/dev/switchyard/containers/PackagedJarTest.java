package dev.switchyard.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shaded switchyard.jar the launcher runs: its picocli classes rewritten so the start-up cache keeps them. */
class PackagedJarTest {
    private static final Path JAR = Podman.ROOT.resolve("switchyard-app/target/switchyard.jar");
    private static final int JAVA_8 = 52;

    @TempDir
    Path dir;

    @Test
    void picocliClasses_inThePackagedJar_areJava8ClassFiles() throws IOException {
        List<String> old = new ArrayList<>();
        int classes = 0;
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                if (entry.getName().startsWith("picocli/") && entry.getName().endsWith(".class")) {
                    classes++;
                    if (majorVersion(zip, entry) < JAVA_8) {
                        old.add(entry.getName());
                    }
                }
            }
        }

        assertThat(classes).isGreaterThan(100);
        assertThat(old).isEmpty();
    }

    @Test
    void runHelp_fromThePackagedJar_printsTheRunCommandsOptions() throws Exception {
        Result help = java("-jar", JAR.toString(), "run", "--help");

        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: switchyard run").contains("--upstream").contains("--port");
    }

    @Test
    @Timeout(60)
    void run_fromThePackagedJar_logsKeyValueLinesThroughItsOwnLogSetup() throws Exception {
        Process run = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                JAR.toString(), "run", "--no-auth", "--port", "0", "--event-loops", "1", "--upstream",
                "http://127.0.0.1:9").directory(dir.toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(),
                StandardCharsets.UTF_8))) {
            String listening = out.lines().filter(line -> line.contains("gateway listening")).findFirst().orElse("");

            // logback's fallback, had it not found LogSetup in the jar, writes "HH:mm:ss.SSS [thread] INFO ..."
            assertThat(listening)
                    .matches("ts=\\S+Z level=INFO logger=Gateway thread=\\S+ msg=\"gateway listening on .*\"");
        } finally {
            run.destroy();
            run.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void startUpCache_recordedFromThePackagedJar_keepsThePicocliClasses() throws Exception {
        // The cache of JDK 25 that the launcher records; earlier JDKs have no -XX:AOTCacheOutput.
        assumeTrue(Runtime.version().feature() >= 25, "JDK 25 or later");
        // Its warnings name each class left out; a log file would be truncated by the JVM that assembles the cache.
        Result recorded = java("-XX:AOTCacheOutput=" + dir.resolve("version.aot"), "-Xlog:aot=warning",
                "-jar", JAR.toString(), "version");

        assertThat(recorded.exit()).as(recorded.output()).isZero();
        assertThat(Files.exists(dir.resolve("version.aot"))).as(recorded.output()).isTrue();
        assertThat(recorded.output()).contains("AOTCache creation is complete").doesNotContain("Skipping picocli/");
    }

    private static int majorVersion(ZipFile zip, ZipEntry entry) {
        try (InputStream in = zip.getInputStream(entry); DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            data.readUnsignedShort(); // minor
            return data.readUnsignedShort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(int exit, String output) {}

    private Result java(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
