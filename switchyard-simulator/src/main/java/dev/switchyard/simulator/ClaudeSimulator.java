package dev.switchyard.simulator;

import dev.switchyard.core.net.SharedPorts;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An Anthropic-compatible upstream on Vert.x: {@code POST /v1/messages} (JSON or SSE),
 * {@code POST /v1/messages/count_tokens}, {@code GET /v1/models[/{id}]}, the Message Batches API under
 * {@code /v1/messages/batches}, the Files API under {@code /v1/files} and the legacy
 * {@code POST /v1/complete}, validated like the API, with deterministic replies and injectable faults ({@link #setFault}, or over HTTP under
 * {@code /_simulator/}, see the package documentation).
 *
 * <p>Timing: streams send their first text delta after {@link SimulatorOptions#timeToFirstToken()} and
 * the rest at {@link SimulatorOptions#tokensPerSecond()}. Non-streaming answers are sent at once (only a
 * fault's latency delays them), so that throughput benchmarks measure the gateway, not the simulator.
 *
 * <p>Threads: {@code eventLoops} HttpServer instances share the port, each on its own event loop; the
 * request path never blocks and renders answers from precomputed bytes.
 */
public final class ClaudeSimulator {
    private final Vertx vertx;
    private final int port;
    private final String baseUrl;
    private final Stats stats;
    private final FaultPlan faults;
    private final List<String> deployments;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClaudeSimulator(Vertx vertx, int port, String host, Stats stats, FaultPlan faults,
            List<String> deployments) {
        this.vertx = vertx;
        this.port = port;
        this.baseUrl = "http://" + urlHost(host) + ":" + port;
        this.stats = stats;
        this.faults = faults;
        this.deployments = deployments;
    }

    /**
     * Binds the first server, then the others on the same port. Vert.x shares a port between servers
     * only when it is explicit, or negative: -k stands for "one random port shared by every server
     * listening on -k", so port 0 becomes a -k of this simulator's own (see {@link SharedPorts}).
     */
    public static Future<ClaudeSimulator> start(Vertx vertx, SimulatorOptions options) {
        Stats stats = new Stats();
        FaultPlan faults = new FaultPlan();
        ApiHandler handler = new ApiHandler(vertx, options, stats, faults, new ControlApi(faults, stats));
        int instances = options.eventLoops() == 0 ? Runtime.getRuntime().availableProcessors() : options.eventLoops();
        int bindPort = SharedPorts.bindPort(options.port());
        ServerVerticle first = new ServerVerticle(options.host(), bindPort, handler, stats.connections::increment);
        List<String> deployments = new ArrayList<>();
        return vertx.deployVerticle(first).compose(firstId -> {
            deployments.add(firstId);
            int port = first.actualPort();
            if (instances == 1) {
                return Future.succeededFuture(port);
            }
            return vertx.deployVerticle(() -> new ServerVerticle(options.host(), bindPort, handler, stats.connections::increment),
                            new DeploymentOptions().setInstances(instances - 1))
                    .map(id -> {
                        deployments.add(id);
                        return port;
                    })
                    .recover(e -> vertx.undeploy(firstId).transform(ignored -> Future.failedFuture(e)));
        }).map(port -> new ClaudeSimulator(vertx, port, options.host(), stats, faults, List.copyOf(deployments)));
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} (the bound host unless it is a wildcard), without {@code /v1}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Replaces the current fault plan; null clears it. */
    public void setFault(Fault fault) {
        faults.set(fault);
    }

    public void clearFault() {
        faults.clear();
    }

    public SimulatorStats stats() {
        return stats.snapshot();
    }

    public void resetStats() {
        stats.reset();
    }

    /** Stops listening and closes open connections, streams included. Idempotent. */
    public Future<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        List<Future<Void>> undeployed = new ArrayList<>();
        for (String id : deployments) {
            undeployed.add(vertx.undeploy(id));
        }
        return Future.all(undeployed).mapEmpty();
    }

    private static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
