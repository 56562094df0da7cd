package dev.switchyard.upstream.impl;

import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.DeploymentConfig;
import dev.switchyard.core.balance.Endpoint;
import dev.switchyard.core.balance.Ewma;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import dev.switchyard.core.breaker.Breakers;
import dev.switchyard.core.net.LoopClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The live state of one upstream deployment: its HTTP clients (one per event loop), breaker, in-flight count, latency
 * average and retry-after cool-down. Shared by every event loop: all state is atomic. The breaker and
 * the cool-down are per {@link Lane}: count_tokens calls have their own, so that their failures (a client
 * may send many, and they are cheap to refuse) never hold back the Messages requests of every tenant.
 */
final class Deployment implements Endpoint {
    private final DeploymentConfig config;
    private final LoopClients<HttpClientAgent> clients;
    private final Lane messages;
    private final Lane counting;
    /** Pass-through calls (batches, files, other paths): their failures must not hold back Messages requests. */
    private final Lane forwarding;
    /** Servers commonly allow 100 concurrent streams per connection; plan connections for that (per event loop). */
    private static final int STREAMS_PER_HTTP2_CONNECTION = 100;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Ewma latency = new Ewma(0.2);
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String basePath;

    Deployment(Vertx vertx, DeploymentConfig config, BreakerConfig breakerConfig, Clock clock) {
        this(vertx, config, breakerConfig, clock, System::nanoTime);
    }

    /** {@code nanoTime}: the monotonic clock of retry-after cool-downs (a test's own, to reach their edges). */
    Deployment(Vertx vertx, DeploymentConfig config, BreakerConfig breakerConfig, Clock clock,
            LongSupplier nanoTime) {
        this.config = config;
        URI uri = URI.create(config.baseUrl());
        this.ssl = "https".equals(uri.getScheme());
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.clients = new LoopClients<>(() -> vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setSsl(ssl)
                        .setTrustAll(false)
                        .setVerifyHost(ssl)
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setDecompressionSupported(false)
                        .setConnectTimeout((int) config.timeouts().connect().toMillis())
                        .setProtocolVersion(config.http2() ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1)
                        .setUseAlpn(ssl && config.http2())
                        .setHttp2ClearTextUpgrade(false))
                .with(new PoolOptions()
                        .setHttp1MaxSize(config.maxConcurrent())
                        .setHttp2MaxSize(Math.max(2, config.maxConcurrent() / STREAMS_PER_HTTP2_CONNECTION))
                        .setMaxWaitQueueSize(-1))
                .build());
        this.messages = new Lane(config.name(), breakerConfig, clock, nanoTime);
        this.counting = new Lane(config.name() + "/count_tokens", breakerConfig, clock, nanoTime);
        this.forwarding = new Lane(config.name() + "/passthrough", breakerConfig, clock, nanoTime);
    }

    /** The breaker and cool-down of pass-through calls. */
    Lane forwarding() {
        return forwarding;
    }

    /** The breaker and cool-down of count_tokens calls, or of Messages requests (the ones readiness and metrics show). */
    Lane lane(boolean countTokens) {
        return countTokens ? counting : messages;
    }

    DeploymentConfig config() {
        return config;
    }

    /** The HTTP client of the calling event loop (see {@link LoopClients}). */
    HttpClientAgent client() {
        return clients.current();
    }

    Future<Void> close() {
        return clients.close();
    }

    CircuitBreaker breaker() {
        return messages.breaker;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    boolean ssl() {
        return ssl;
    }

    String path(String apiPath) {
        return basePath + apiPath;
    }

    /** Eligible for a new call of {@code lane}'s kind now, not counting the breaker (asked separately, as asking may change it). */
    boolean hasCapacity(Lane lane) {
        return belowConcurrencyLimit() && lane.coolDownRemainingMillis() == 0;
    }

    boolean belowConcurrencyLimit() {
        return inFlight.get() < config.maxConcurrent();
    }

    /** Whether the Messages breaker takes a request now or will on the next ask (readiness). */
    boolean breakerAdmits() {
        return messages.breakerAdmits();
    }

    void acquire() {
        inFlight.incrementAndGet();
    }

    void release() {
        inFlight.decrementAndGet();
    }

    void recordLatency(double millis) {
        latency.record(millis);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public int weight() {
        return config.weight();
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public double latencyEwmaMillis() {
        return latency.value();
    }

    /** One kind of call's view of the deployment: a breaker and a retry-after cool-down. */
    static final class Lane {
        private final CircuitBreaker breaker;
        private final Clock clock;
        private final long openDurationMillis;
        /** On the monotonic clock: a retry-after is waited out by real timers, not by the injected clock. */
        private final LongSupplier nanoTime;
        private final AtomicLong coolDownUntilNanos;
        private volatile long openedAtMillis;
        private volatile String lastError = "none";

        Lane(String name, BreakerConfig breakerConfig, Clock clock, LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            this.coolDownUntilNanos = new AtomicLong(nanoTime.getAsLong());
            this.breaker = CircuitBreaker.of(name, Breakers.consecutiveFailures(breakerConfig, clock));
            this.clock = clock;
            this.openDurationMillis = breakerConfig.openDuration().toMillis();
            breaker.getEventPublisher().onError(e -> lastError = e.getThrowable().getMessage());
            breaker.getEventPublisher().onStateTransition(e -> {
                if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    openedAtMillis = clock.millis();
                }
            });
        }

        CircuitBreaker breaker() {
            return breaker;
        }

        /** The last failure the breaker counted: an operator's first question when a breaker opens. */
        String lastError() {
            return lastError;
        }

        /**
         * Whether the breaker takes a request now or will on the next ask: an open breaker whose wait
         * has passed stays "open" in resilience4j until asked, and readiness must not wait for traffic.
         */
        boolean breakerAdmits() {
            CircuitBreaker.State state = breaker.getState();
            return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN
                    || state == CircuitBreaker.State.OPEN && clock.millis() >= openedAtMillis + openDurationMillis;
        }

        void coolDown(long millis) {
            long until = nanoTime.getAsLong() + millis * 1_000_000;
            coolDownUntilNanos.accumulateAndGet(until, (a, b) -> a - b >= 0 ? a : b);
        }

        long coolDownRemainingMillis() {
            long left = coolDownUntilNanos.get() - nanoTime.getAsLong();
            return left <= 0 ? 0 : Math.max(1, left / 1_000_000);
        }
    }
}
