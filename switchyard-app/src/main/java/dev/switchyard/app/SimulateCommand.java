package dev.switchyard.app;

import dev.switchyard.core.net.NetworkTransport;
import dev.switchyard.simulator.ClaudeSimulator;
import dev.switchyard.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", description = "Runs the Claude simulator: an Anthropic-compatible upstream for tests and benchmarks.")
final class SimulateCommand implements Callable<Integer> {
    static volatile boolean running;

    @Option(names = "--port", defaultValue = "8090", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--ttft-ms", defaultValue = "20", description = "Time to first token of streams, ms.")
    long ttftMillis;

    @Option(names = "--tokens-per-second", defaultValue = "200", description = "Streaming speed; 0 sends all at once.")
    double tokensPerSecond;

    @Option(names = "--response-tokens", defaultValue = "24", description = "Words in each answer.")
    int responseTokens;

    @Option(names = "--event-loops", defaultValue = "0", description = "Server instances; 0 = one per core.")
    int eventLoops;

    @Option(names = "--batch-request-ms", defaultValue = "5",
            description = "Time to process each request of a message batch, ms (default ${DEFAULT-VALUE}).")
    long batchRequestMillis;

    @Option(names = "--max-file-mb", defaultValue = "32", description = "Largest file upload, MiB (default ${DEFAULT-VALUE}).")
    long maxFileMib;

    @Option(names = "--file-storage-mb", defaultValue = "256",
            description = "Files kept in memory, MiB in all; the oldest go first (default ${DEFAULT-VALUE}).")
    long fileStorageMib;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.builder().with(new VertxOptions())
                .withTransport(NetworkTransport.AUTO.pick()).build();
        SimulatorOptions options = SimulatorOptions.defaults().withHost(host).withPort(port)
                .withTimeToFirstToken(Duration.ofMillis(ttftMillis)).withTokensPerSecond(tokensPerSecond)
                .withResponseTokens(responseTokens).withEventLoops(eventLoops)
                .withBatchRequestInterval(Duration.ofMillis(batchRequestMillis)).withMaxFileBytes(maxFileMib << 20)
                .withFileStorageBytes(fileStorageMib << 20);
        ClaudeSimulator sim = ClaudeSimulator.start(vertx, options).toCompletionStage().toCompletableFuture().get();
        System.out.println("Claude simulator listening on http://" + host + ":" + sim.port()
                + " (faults: POST /_simulator/fault, stats: GET /_simulator/stats)");
        running = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close()));
        StartupCacheMark.serving();
        return 0;
    }
}
