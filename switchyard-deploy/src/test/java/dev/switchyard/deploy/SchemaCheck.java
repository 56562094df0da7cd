package dev.switchyard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Kubernetes OpenAPI schemas, as the npm package kubernetes-models compiles them into validators, run by
 * node over rendered objects. No JVM validator ships those schemas; npm's does. The packages are installed
 * once into target/schema-check from the committed lock file (npm's cache makes later installs offline).
 */
final class SchemaCheck {
    private static final Path SOURCE = Path.of("src/test/schema-check");
    private static final Path WORK = Path.of("target/schema-check");

    record Result(int exitCode, String output) {}

    private SchemaCheck() {}

    static synchronized Result validate(String objectsJson) {
        install();
        try {
            Path input = Files.createTempFile(WORK, "objects", ".json");
            try {
                Files.writeString(input, objectsJson);
                return run(List.of("node", "validate.mjs", input.toAbsolutePath().toString()), 60);
            } finally {
                Files.deleteIfExists(input);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void install() {
        try {
            Files.createDirectories(WORK);
            for (String f : List.of("package.json", "package-lock.json", "validate.mjs")) {
                Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Files.isDirectory(WORK.resolve("node_modules/kubernetes-models"))) {
            return;
        }
        Result r = run(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"), 300);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("npm ci in " + WORK + " failed (node and npm are needed, and the npm"
                    + " registry once): " + r.output());
        }
    }

    private static Result run(List<String> command, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
                }
                out = p.getInputStream().readAllBytes();
            } finally {
                p.destroyForcibly();
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
