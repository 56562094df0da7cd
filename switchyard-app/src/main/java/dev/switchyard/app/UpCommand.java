package dev.switchyard.app;

import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.ConfigLoader;
import dev.switchyard.supervisor.ChildCommand;
import dev.switchyard.supervisor.ClusterSecret;
import dev.switchyard.supervisor.ExampleTopology;
import dev.switchyard.supervisor.StatusDisplay;
import dev.switchyard.supervisor.Supervisor;
import dev.switchyard.supervisor.SupervisorEvent;
import dev.switchyard.supervisor.Topology;
import dev.switchyard.supervisor.TopologyLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", description = {
        "Runs a topology of Switchyard processes on this machine (each role as its own process), restarts one that",
        "exits or fails its health checks, and shows a live status table. Ctrl-C or SIGTERM stops every process.",
        "`--example` writes a sample topology to start from."})
final class UpCommand implements Callable<Integer> {
    static final String EXAMPLE_FILE = "switchyard.topology.yaml";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--topology", paramLabel = "FILE", description = "The topology file to run.")
        Path topology;

        @Option(names = "--example", arity = "0..1", paramLabel = "FILE", fallbackValue = EXAMPLE_FILE,
                description = "Writes a sample topology to FILE (default ${FALLBACK-VALUE}) and exits.")
        Path example;
    }

    @Option(names = "--status-every", defaultValue = "30", paramLabel = "SECONDS",
            description = "When stdout is not a terminal, print the status table this often (default ${DEFAULT-VALUE}s);"
                    + " on a terminal it is redrawn every second.")
    int statusEverySeconds;

    @Override
    public Integer call() throws Exception {
        return mode.example != null ? writeExample(mode.example, System.out, System.err) : run(mode.topology);
    }

    static int writeExample(Path file, PrintStream out, PrintStream err) throws IOException {
        try {
            Files.writeString(file, ExampleTopology.TEXT, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            err.println(file + ": already exists; not overwritten");
            return 2;
        }
        out.println("Wrote " + file + ": gateway x1, claude x3, auth x2, conversation x1.");
        out.println("It expects the Switchyard config " + ExampleTopology.CONFIG_FILE + " next to it, with an etcd"
                + " registry (registry: { type: etcd, etcd: { endpoints: [\"http://127.0.0.1:2379\"] } }) and a"
                + " conversations store; see the comments in the file. Then: switchyard up --topology " + file);
        return 0;
    }

    private int run(Path file) throws IOException, InterruptedException {
        Topology topology;
        try {
            topology = TopologyLoader.fromSystemEnv().load(file);
        } catch (ConfigException e) {
            System.err.println(file + ": " + e.getMessage());
            return 2;
        }
        Map<String, String> childEnv = ClusterSecret.childEnv(topology, System::getenv, new SecureRandom());
        try {
            // checked once here, in the environment the children get, rather than by every child failing alike
            new ConfigLoader(name -> childEnv.getOrDefault(name, System.getenv(name))).load(topology.config());
        } catch (ConfigException e) {
            System.err.println(topology.config() + ": " + e.getMessage());
            return 2;
        }
        Files.createDirectories(topology.runDir());
        boolean terminal = SecretNotices.stdoutIsTerminal();
        StatusDisplay display = new StatusDisplay(System.out, terminal);
        Path supervisorLog = topology.runDir().resolve("supervisor.log");
        Supervisor supervisor = Supervisor.create(topology, ChildCommand.self(), childEnv, event -> {
            display.event(event);
            appendLine(supervisorLog, event);
        });
        if (topology.clusterSecret().isEmpty() && !childEnv.isEmpty()) {
            System.out.println("No cluster secret in the topology or SWITCHYARD_CLUSTER_SECRET: made one for this run.");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            supervisor.stop();
            System.out.println("switchyard up: every process stopped; logs in " + topology.runDir());
            stopped.countDown();
        }, "switchyard-up-stop"));
        supervisor.start();
        long periodMillis = terminal ? 1000 : TimeUnit.SECONDS.toMillis(Math.max(1, statusEverySeconds));
        while (!stopped.await(periodMillis, TimeUnit.MILLISECONDS)) {
            display.refresh(supervisor.status());
        }
        return 0;
    }

    private static void appendLine(Path log, SupervisorEvent event) {
        try {
            Files.writeString(log, event.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the display still shows it; a full disk must not stop supervision
        }
    }
}
