package dev.switchyard.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * deploy/compose as a user gets it, in a directory of its own: compose.yaml and switchyard.yaml copied
 * unchanged, a switchyard.env with fresh random secrets, and (for the local run) deploy/local's override.
 * Runs under a project name of its own, so that its containers, volumes and network are its own to remove.
 */
final class ComposeProject implements AutoCloseable {
    static final String OVERRIDE = "compose.local.yaml";

    final Path dir;
    final String name = "sycompose" + UUID.randomUUID().toString().substring(0, 8);
    final String clientKey = "sk-compose-" + UUID.randomUUID();
    private final Map<String, String> env;

    ComposeProject(Map<String, String> env) throws IOException {
        this.env = env;
        dir = Files.createTempDirectory("compose-");
        Path from = Podman.ROOT.resolve("deploy/compose");
        Files.copy(from.resolve("compose.yaml"), dir.resolve("compose.yaml"));
        Files.copy(from.resolve("switchyard.yaml"), dir.resolve("switchyard.yaml"));
        Files.copy(Podman.ROOT.resolve("deploy/local").resolve(OVERRIDE), dir.resolve(OVERRIDE));
        Files.writeString(dir.resolve("switchyard.env"), """
                ANTHROPIC_API_KEY=upstream-%s
                SWITCHYARD_CLUSTER_SECRET=cluster-%s
                SWITCHYARD_ADMIN_KEY=sk-admin-%s
                SWITCHYARD_CLIENT_KEY=%s
                POSTGRES_PASSWORD=pg-%s
                """.formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), clientKey, UUID.randomUUID()));
    }

    /** Runs {@code program args...} in the project's directory, e.g. docker-compose or podman-compose. */
    Podman.Result run(Duration timeout, String program, String... args) {
        List<String> command = new ArrayList<>(List.of(program));
        command.addAll(List.of(args));
        return Podman.run(timeout, dir, env, command);
    }

    /** Brings the topology up with podman-compose, the stand-in-based override on top of compose.yaml. */
    void up() {
        Podman.Result r = run(Duration.ofMinutes(4), "podman-compose", "-p", name, "-f", "compose.yaml", "-f", OVERRIDE,
                "up", "-d");
        if (!r.ok()) {
            throw new IllegalStateException("podman-compose up exited " + r.exit() + ":\n" + r.output());
        }
    }

    /** The container of {@code service}'s replica {@code n} (podman-compose's naming). */
    String container(String service, int n) {
        return name + "_" + service + "_" + n;
    }

    List<String> containers() {
        String out = Podman.run(Duration.ofSeconds(30), "podman", "ps", "-a", "--format", "{{.Names}}",
                "--filter", "label=io.podman.compose.project=" + name).output();
        return out.lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    String logs(String container) {
        return Podman.run(Duration.ofSeconds(30), "podman", "logs", container).output();
    }

    /** Removes every container (with its anonymous volumes), the named volumes and the network, then the files. */
    @Override
    public void close() throws IOException {
        List<String> rm = new ArrayList<>(List.of("podman", "rm", "-f", "-v", "-t", "0"));
        rm.addAll(containers());
        if (rm.size() > 6) {
            Podman.run(Duration.ofMinutes(2), rm.toArray(String[]::new));
        }
        Podman.run(Duration.ofSeconds(60), "podman", "volume", "rm", "-f", name + "_redis-data", name + "_postgres-data");
        Podman.run(Duration.ofSeconds(60), "podman", "network", "rm", "-f", name + "_default");
        for (String f : List.of("compose.yaml", "switchyard.yaml", OVERRIDE, "switchyard.env")) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }
}
