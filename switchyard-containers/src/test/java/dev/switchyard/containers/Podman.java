package dev.switchyard.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs podman and the repository's deploy scripts as child processes, each bounded in time, with the podman
 * settings this machine needs (deploy/local/containers.conf) unless the caller's environment names others.
 */
final class Podman {
    /** The repository's root: the directory above the module's, where deploy/ is. */
    static final Path ROOT = root();
    static final Path CONF = ROOT.resolve("deploy/local/containers.conf");

    private Podman() {}

    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    /** Runs {@code command} in {@code dir} with extra environment; the output is stdout and stderr together. */
    static Result run(Duration timeout, Path dir, Map<String, String> env, List<String> command) {
        try {
            Path out = Files.createTempFile("podman-", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().putIfAbsent("CONTAINERS_CONF", CONF.toString());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new Result(-1, "timed out after " + timeout + ": " + command + "\n" + Files.readString(out));
                }
                return new Result(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(-1, command + " could not run: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, command + " interrupted");
        }
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, ROOT, Map.of(), List.of(command));
    }

    /** Like {@link #run}, but a failure is an exception that carries the command's output. */
    static String ok(Duration timeout, String... command) {
        Result r = run(timeout, command);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/image/Dockerfile"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/image/Dockerfile above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
