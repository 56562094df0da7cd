package dev.switchyard.upstream.impl;

import dev.switchyard.core.telemetry.Tracing;
import dev.switchyard.core.config.DeploymentConfig;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.core.config.UpstreamConfig;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.ForwardCall;
import dev.switchyard.claude.ModelInfo;
import dev.switchyard.core.balance.LoadBalancer;
import dev.switchyard.core.balance.Strategy;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** The in-process {@link ClaudeService}: deployments, their pools per model, and the retry loop. */
public final class UpstreamCaller implements ClaudeService {
    private final Vertx vertx;
    private final UpstreamConfig config;
    private final List<Deployment> deployments = new ArrayList<>();
    private final RouteTable routes;
    private final UpstreamMeters meters;
    private final Clock clock;
    private final Tracing tracing;
    /** Chooses the deployment of a pass-through call that names none, by the default strategy. */
    private final LoadBalancer forwardBalancer;

    public UpstreamCaller(Vertx vertx, SwitchyardConfig config, MeterRegistry registry, Clock clock,
            RandomGenerator random) {
        this(vertx, config, registry, clock, random, Tracing.NOOP);
    }

    /** {@code tracing}: each attempt a client span, its context sent upstream in {@code traceparent}. */
    public UpstreamCaller(Vertx vertx, SwitchyardConfig config, MeterRegistry registry, Clock clock,
            RandomGenerator random, Tracing tracing) {
        this.vertx = vertx;
        this.tracing = tracing;
        this.config = config.upstream();
        this.clock = clock;
        this.meters = new UpstreamMeters(registry);
        for (DeploymentConfig dc : config.deployments()) {
            Deployment d = new Deployment(vertx, dc, config.upstream().breaker(), clock);
            meters.register(d);
            deployments.add(d);
        }
        this.routes = new RouteTable(config, deployments, random);
        this.forwardBalancer = Strategy.parse(config.upstream().defaultStrategy()).create(random);
    }

    @Override
    public Future<UpstreamResponse> send(UpstreamCall call) {
        ModelRoute route = routes.find(call.model());
        if (route == null) {
            return Future.failedFuture(ApiException.notFound("model: " + call.model()));
        }
        return new CallAttempt(vertx, call, routes.chain(route), config, meters, clock, tracing).start().future();
    }

    @Override
    public Future<UpstreamResponse> forward(ForwardCall call) {
        List<Target> candidates = new ArrayList<>();
        String path = call.pathOnly();
        for (Deployment d : forwardPool(call)) {
            if (d.config().passes(path)) {
                candidates.add(new Target(d, call.model() == null ? "" : call.model()));
            }
        }
        if (call.deployment() != null && candidates.isEmpty()) {
            return Future.failedFuture(ApiException.notFound("the deployment that holds this object ("
                    + call.deployment() + ") is not configured here, or does not pass " + path + " through"));
        }
        if (candidates.isEmpty()) {
            return Future.failedFuture(ApiException.notFound("no deployment passes " + path + " through"));
        }
        return new ForwardAttempt(vertx, call, candidates, forwardBalancer, meters, tracing).start();
    }

    /** The named deployment; else the deployments of the call's model; else every deployment. */
    private List<Deployment> forwardPool(ForwardCall call) {
        if (call.deployment() != null) {
            return deployments.stream().filter(d -> d.name().equals(call.deployment())).toList();
        }
        ModelRoute route = call.model() == null ? null : routes.find(call.model());
        if (route == null) {
            return deployments;
        }
        return route.targets().stream().map(Target::deployment).distinct().toList();
    }

    @Override
    public List<ModelInfo> models() {
        return routes.models();
    }

    @Override
    public String modelLabel(String model) {
        return routes.label(model);
    }

    @Override
    public boolean ready() {
        for (ModelRoute r : routes.configured()) {
            if (!r.available()) {
                return false;
            }
        }
        return true;
    }

    /** Breaker state per deployment name, for logs and tests. */
    public String breakerState(String deployment) {
        return deployments.stream()
                .filter(d -> d.name().equals(deployment))
                .findFirst()
                .map(d -> d.breaker().getState().name())
                .orElseThrow(() -> new IllegalArgumentException("no deployment " + deployment));
    }

    @Override
    public Future<Void> close() {
        List<Future<Void>> closing = deployments.stream().map(Deployment::close).toList();
        return Future.all(closing).mapEmpty();
    }
}
