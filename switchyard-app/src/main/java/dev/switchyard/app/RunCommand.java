package dev.switchyard.app;

import dev.switchyard.conversation.store.JdbcConversationService;
import dev.switchyard.core.config.AuthConfig;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.config.ClusterConfig;
import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.ConfigLoader;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.LedgerConfig;
import dev.switchyard.core.config.Peers;
import dev.switchyard.core.config.QuickStart;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.core.net.NetworkTransport;
import dev.switchyard.filter.service.PolicyFilterService;
import dev.switchyard.jdbc.EarlyOpen;
import dev.switchyard.simulator.ClaudeSimulator;
import dev.switchyard.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Runs the gateway. Without --config or --upstream it runs on the embedded default:"
        + " the Anthropic API when ANTHROPIC_API_KEY is set, else the built-in Claude simulator.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    private static final String ANTHROPIC_API = "https://api.anthropic.com";
    static volatile boolean running;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file.")
    Path config;

    @Option(names = "--port", description = "Port to listen on (default 8080, or the config's).")
    Integer port;

    @Option(names = "--event-loops", paramLabel = "N", description = "Event loops serving clients (default: one per"
            + " core, or the config's server.event_loops).")
    Integer eventLoops;

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "${env:SWITCHYARD_TRANSPORT:-auto}",
            description = "Network transport: auto (io_uring, else epoll, else NIO), io_uring, epoll or nio"
            + " (default: ${DEFAULT-VALUE}; env SWITCHYARD_TRANSPORT).")
    String transport;

    @Option(names = "--upstream", paramLabel = "URL", description = "An Anthropic-compatible deployment (repeatable).")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--upstream-http2",
            description = "Talk HTTP/2 to the --upstream URLs (default: only to https ones).")
    Boolean upstreamHttp2;

    @Option(names = "--client-key", paramLabel = "KEY", description = "A key clients may use (repeatable).")
    List<String> clientKeys = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Quick start: where the embedded store keeps keys"
            + " and usage (default ./data).")
    Path dataDir = Path.of("data");

    @Option(names = "--no-auth",
            description = "Quick start: no key store, limits, usage ledger, cache or conversations; only --client-key"
            + " keys (or one generated for this run).")
    boolean noAuth;

    @Option(names = "--roles", paramLabel = "ROLE[,ROLE]", description = "The roles this process serves: gateway,"
            + " claude, auth, conversation, translation, filter, cache, or all (default: all, in this one process)."
            + " The others are called on instances found in the registry.")
    String roles;

    @Option(names = "--role-port", paramLabel = "N", description = "The port other processes call this one's roles on"
            + " (default: the config's cluster.port, 7001).")
    Integer rolePort;

    @Option(names = "--instance-id", paramLabel = "ID", description = "This process's id in the registry (default:"
            + " the config's cluster.instance_id, else generated).")
    String instanceId;

    @Option(names = "--peer", paramLabel = "ROLE=URL", description = "A static instance of a role on another process,"
            + " e.g. claude=http://10.0.0.5:7001 (repeatable; static registry only).")
    List<String> peers = new ArrayList<>();

    @Option(names = "--recent-traces", paramLabel = "N", description = "How many recent traces to keep in memory for"
            + " GET /admin/traces (default 1000, or the config's telemetry.recent_traces.size);"
            + " 0 with no OTLP endpoint: no tracing at all. With --no-auth no admin API serves them: none are kept,"
            + " and without an OTLP endpoint only the trace context is passed on.")
    Integer recentTraces;

    @Override
    public Integer call() throws Exception {
        EarlyOpen early = EarlyOpen.start(quickStartStores());
        try {
            return serve();
        } finally {
            early.close(); // the stores' own connections hold their files from here
        }
    }

    private Integer serve() throws Exception {
        SwitchyardConfig cfg;
        try {
            cfg = config != null ? ConfigLoader.fromSystemEnv().load(config) : null;
            if (cfg != null) {
                new PolicyFilterService(cfg.filters()); // the engine's own checks, reported like the loader's
            }
        } catch (ConfigException e) {
            System.err.println(config + ": " + e.getMessage());
            return 2;
        }
        Transport chosen;
        try {
            chosen = NetworkTransport.named(transport).pick();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (eventLoops != null && (eventLoops < 1 || eventLoops > 256)) {
            System.err.println("--event-loops: must be 1 to 256, got " + eventLoops);
            return 2;
        }
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(loopCount(cfg)))
                .withTransport(chosen).build();
        if (cfg == null) {
            cfg = quickStart(vertx);
        }
        if (port != null) {
            cfg = cfg.withServer(cfg.server().withPort(port));
        }
        if (eventLoops != null) {
            cfg = cfg.withServer(cfg.server().withEventLoops(eventLoops));
        }
        if (recentTraces != null) {
            if (recentTraces < 0) {
                System.err.println("--recent-traces: must be 0 or more, got " + recentTraces);
                vertx.close();
                return 2;
            }
            cfg = cfg.withTelemetry(cfg.telemetry().withRecent(recentTraces, cfg.telemetry().recentRatio()));
        }
        try {
            cfg = withCluster(cfg);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            vertx.close();
            return 2;
        }
        List<String> keys = new ArrayList<>(cfg.clientKeys());
        keys.addAll(clientKeys);
        List<String> secrets = new ArrayList<>();
        if (keys.isEmpty() && !cfg.auth().enabled()) {
            String generated = generateKey();
            keys.add(generated);
            secrets.add("No client key configured; generated one for this run (shown once): " + generated);
        }
        cfg = cfg.withClientKeys(keys);
        Switchyard sy = Switchyard.start(vertx, cfg, Clock.systemUTC()).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        // never the log: secrets made at start are shown once, on a terminal, or put in an owner-only file
        secrets.addAll(sy.firstStartNotices());
        SecretNotices.show(secrets, SecretNotices.stdoutIsTerminal(),
                config == null ? dataDir : Switchyard.dataDir(cfg), System.out);
        if (sy.port() > 0) {
            System.out.println("Switchyard listening on http://" + cfg.server().host() + ":" + sy.port());
        }
        if (sy.rolePort() > 0) {
            System.out.println("Serving roles " + String.join(",", cfg.cluster().roles()) + " on role port "
                    + sy.rolePort());
        }
        LOG.info("transport: {}", chosen.name());
        // SIGTERM waits for the drain and then for the ledger's flush (to the database, or its spill files)
        long stopMs = cfg.server().drainTimeout().toMillis()
                + (cfg.auth().enabled() ? cfg.auth().ledger().shutdownTimeout().toMillis() : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(sy, stopMs), "switchyard-shutdown"));
        running = true;
        StartupCacheMark.serving();
        return 0;
    }

    /** The command line's --roles, --role-port, --instance-id and --peer over the config's cluster and registry. */
    private SwitchyardConfig withCluster(SwitchyardConfig cfg) {
        ClusterConfig cluster = cfg.cluster();
        if (config == null && cluster.secret() == null) {
            String secret = System.getenv(ClusterConfig.SECRET_ENV);
            cluster = cluster.withSecret(secret == null || secret.isBlank() ? null : secret);
        }
        if (roles != null) {
            cluster = cluster.withRoles(ClusterConfig.parseRoles(roles));
        }
        if (rolePort != null) {
            cluster = cluster.withPort(rolePort);
        }
        if (instanceId != null) {
            cluster = cluster.withInstanceId(instanceId);
        }
        return cfg.withCluster(cluster).withRegistry(cfg.registry().withPeers(Peers.parse(peers)));
    }

    /**
     * As many event loops as the gateway serves clients on, which every other client and server of the process
     * shares. Vert.x's default, two per core, started loops that only start-up used, each with its own io_uring
     * ring and a thousand message headers in direct buffers: 2 MB of the quick start's live heap, which sat just
     * under G1's marking threshold (BENCHMARKS.md, issue 15, fourteenth pass).
     */
    private int loopCount(SwitchyardConfig cfg) {
        if (eventLoops != null) {
            return eventLoops;
        }
        int configured = cfg == null ? 0 : cfg.server().eventLoops();
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    private SwitchyardConfig quickStart(Vertx vertx) throws Exception {
        String apiKey = System.getenv("ANTHROPIC_API_KEY");
        List<String> urls = new ArrayList<>(upstreams);
        if (urls.isEmpty() && apiKey != null && !apiKey.isBlank()) {
            urls.add(ANTHROPIC_API);
            System.out.println("Upstream: the Anthropic API (" + ANTHROPIC_API + ") with ANTHROPIC_API_KEY");
        } else if (urls.isEmpty()) {
            ClaudeSimulator sim = ClaudeSimulator.start(vertx, SimulatorOptions.defaults().withPort(0))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            urls.add(sim.baseUrl());
            System.out.println("No ANTHROPIC_API_KEY set: using the built-in Claude simulator as upstream at "
                    + sim.baseUrl() + " (answers are simulated, not from Claude)");
        }
        SwitchyardConfig quick = QuickStart.config(port == null ? 8080 : port, urls,
                apiKey == null || apiKey.isBlank() ? "switchyard-simulator" : apiKey, List.of(),
                upstreamHttp2 != null ? upstreamHttp2 : urls.stream().allMatch(u -> u.startsWith("https:")));
        if (noAuth) {
            return quick;
        }
        return quick.withAuth(quickStartAuth()).withCache(CacheConfig.l1Only())
                .withConversations(quickStartConversations());
    }

    private AuthConfig quickStartAuth() {
        return AuthConfig.embedded().withStore(StoreConfig.embedded(dataDir))
                .withLedger(LedgerConfig.defaults().withSpillDir(dataDir.resolve("spill")));
    }

    private ConversationConfig quickStartConversations() {
        return ConversationConfig.embedded(StoreConfig.embedded(dataDir));
    }

    /**
     * The quick start's embedded stores, to be opened while the rest is built (see {@link EarlyOpen}): only when
     * this process opens them itself, every role in it. A process serving some roles leaves the files alone,
     * since one of its neighbours on the same data directory may be the one that opens them.
     */
    private List<StoreConfig> quickStartStores() {
        if (config != null || noAuth || roles != null) {
            return List.of();
        }
        List<StoreConfig> stores = new ArrayList<>();
        stores.add(quickStartAuth().store());
        stores.addAll(JdbcConversationService.embeddedFiles(quickStartConversations()));
        return stores;
    }

    private static void stop(Switchyard sy, long stopMs) {
        LOG.info("SIGTERM: draining");
        try {
            sy.shutdown().toCompletionStage().toCompletableFuture().get(stopMs + 5000, TimeUnit.MILLISECONDS);
            sy.vertx().close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("shutdown did not finish cleanly: {}", e.toString());
        }
        LOG.info("stopped");
    }

    static String generateKey() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder("sk-sy-");
        for (int i = 0; i < 40; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
