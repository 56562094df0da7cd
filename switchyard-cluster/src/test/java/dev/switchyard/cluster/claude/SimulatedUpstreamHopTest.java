package dev.switchyard.cluster.claude;

import static dev.switchyard.cluster.Loopback.await;
import static dev.switchyard.cluster.Loopback.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.claude.Cancellation;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.cluster.Loopback;
import dev.switchyard.cluster.RoleServer;
import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.DeploymentConfig;
import dev.switchyard.core.config.ServedModel;
import dev.switchyard.core.config.ServerConfig;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.core.config.Timeouts;
import dev.switchyard.core.config.UpstreamConfig;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import dev.switchyard.simulator.ClaudeSimulator;
import dev.switchyard.simulator.SimulatorOptions;
import dev.switchyard.upstream.impl.UpstreamCaller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The claude role across a hop in front of a real upstream: the in-process {@link UpstreamCaller} on the
 * serving side, sending to a {@link ClaudeSimulator}; the caller holds a {@link RemoteClaudeService}.
 * What the caller reads must be what the in-process caller reads.
 */
class SimulatedUpstreamHopTest {
    static final String MODEL = "claude-sonnet-4-6";
    static final int TOKENS = 30;

    private final Loopback loop = new Loopback();
    private final ClaudeSimulator sim = await(ClaudeSimulator.start(loop.vertx, SimulatorOptions.defaults()
            .withEventLoops(1).withTimeToFirstToken(Duration.ofMillis(20)).withTokensPerSecond(50)
            .withResponseTokens(TOKENS)));
    private final UpstreamCaller upstream = new UpstreamCaller(loop.vertx, config(sim), new SimpleMeterRegistry(),
            Clock.systemUTC(), new Random(7));
    private final RoleServer server = loop.serve(new ClaudeEndpoint(upstream).routes());
    private final RemoteClaudeService remote = new RemoteClaudeService(loop.vertx, loop.client("claude", server),
            Duration.ofSeconds(10));

    private static SwitchyardConfig config(ClaudeSimulator sim) {
        return config(sim.baseUrl());
    }

    /** One deployment, sim-a, at {@code baseUrl}; one attempt per call, and one failure opens its breaker. */
    static SwitchyardConfig config(String baseUrl) {
        DeploymentConfig deployment = new DeploymentConfig("sim-a", "anthropic", baseUrl, "sk-upstream-test",
                List.of(new ServedModel(MODEL, List.of("sonnet"))), 1, 1024,
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(7_000)), false);
        // One failure opens the breaker, so a failure the caller reports is seen at once.
        UpstreamConfig upstream = new UpstreamConfig(1, Duration.ofSeconds(5), "round_robin",
                new BreakerConfig(1, Duration.ofSeconds(60), 1));
        return new SwitchyardConfig(ServerConfig.defaults(), List.of("sk-client-test"), upstream, List.of(deployment),
                Map.of());
    }

    @AfterEach
    void close() {
        await(remote.close());
        await(upstream.close());
        await(sim.close());
        loop.close();
    }

    static UpstreamCall call(String model, boolean stream, Cancellation cancellation) {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":256,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"tell me about switchyards\"}]}";
        return new UpstreamCall("req-1", "/v1/messages", model, stream, Buffer.buffer(body), null, "2023-06-01", null,
                cancellation);
    }

    private static Received read(ClaudeService service, UpstreamCall call) {
        Received received = await(service.send(call).map(Received::new));
        await().atMost(Duration.ofSeconds(10)).until(received::over);
        return received;
    }

    private static List<String> deltas(Received r) {
        return r.events.stream().filter(e -> e.startsWith("event: content_block_delta")).toList();
    }

    @Test
    void stream_arrivesAsProduced_inOrder_withEveryEventTheInProcessCallerGets() {
        Received hop = await(remote.send(call(MODEL, true, null))
                .map(r -> new Received(r, () -> sim.stats().streamsCompleted())));
        await().atMost(Duration.ofSeconds(10)).until(hop::over);
        Received local = read(upstream, call(MODEL, true, null));

        assertThat(hop.failed).isNull();
        // The simulator had not finished this stream when its first event reached the caller: no buffering.
        assertThat(hop.whenFirstEventArrived).isEqualTo(0L);
        assertThat(hop.types()).first().isEqualTo("message_start");
        assertThat(hop.types()).last().isEqualTo("message_stop");
        assertThat(deltas(hop)).hasSize(TOKENS).containsExactlyElementsOf(deltas(local));
        assertThat(hop.types()).containsExactlyElementsOf(local.types());
        assertThat(sim.stats().streamsCompleted()).isEqualTo(2);
    }

    @Test
    void head_carriesTheInProcessFacts() {
        UpstreamResponse hop = await(remote.send(call("sonnet", true, null)));
        UpstreamResponse local = await(upstream.send(call("sonnet", true, null)));

        assertThat(hop.status()).isEqualTo(200).isEqualTo(local.status());
        assertThat(hop.deployment()).isEqualTo("sim-a").isEqualTo(local.deployment());
        assertThat(hop.model()).isEqualTo(local.model());
        assertThat(hop.fallback()).isFalse();
        assertThat(hop.attempts()).isEqualTo(1);
        assertThat(hop.idleTimeout()).isEqualTo(Duration.ofMillis(7_000)).isEqualTo(local.idleTimeout());
        assertThat(hop.headers().get("content-type")).isEqualTo(local.headers().get("content-type"));
        loop.vertx.runOnContext(v -> {
            hop.cancel();
            local.cancel();
        });
    }

    @Test
    void cancel_midStream_cancelsTheUpstreamCall_withoutCountingAFailure() {
        Received hop = await(remote.send(call(MODEL, true, null)).map(Received::new));
        await().atMost(Duration.ofSeconds(10)).until(() -> hop.events.size() >= 4);

        loop.vertx.runOnContext(v -> hop.response.cancel());

        await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().streamsCancelled() == 1);
        assertThat(sim.stats().streamsCompleted()).isZero();
        assertThat(upstream.breakerState("sim-a")).isEqualTo("CLOSED");
    }

    @Test
    void callersCancellation_midStream_cancelsTheUpstreamCall() {
        Cancellation cancellation = new Cancellation();
        Received hop = await(remote.send(call(MODEL, true, cancellation)).map(Received::new));
        await().atMost(Duration.ofSeconds(10)).until(() -> hop.events.size() >= 4);

        cancellation.cancel();

        await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().streamsCancelled() == 1);
        assertThat(upstream.breakerState("sim-a")).isEqualTo("CLOSED");
    }

    @Test
    void fail_midStream_failsTheUpstreamCall_andItsBreakerCountsIt() {
        Received hop = await(remote.send(call(MODEL, true, null)).map(Received::new));
        await().atMost(Duration.ofSeconds(10)).until(() -> hop.events.size() >= 4);

        loop.vertx.runOnContext(v -> hop.response.fail("idle timeout"));

        await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().streamsCancelled() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.breakerState("sim-a").equals("OPEN"));
    }

    @Test
    void nonStream_fullBody_isTheInProcessAnswer() throws IOException {
        UpstreamResponse hop = await(remote.send(call(MODEL, false, null)));
        JsonNode remoteMessage = Json.mapper().readTree(await(hop.fullBody()).getBytes());
        UpstreamResponse local = await(upstream.send(call(MODEL, false, null)));
        JsonNode localMessage = Json.mapper().readTree(await(local.fullBody()).getBytes());

        assertThat(hop.status()).isEqualTo(200);
        assertThat(remoteMessage.path("type").asText()).isEqualTo("message");
        assertThat(remoteMessage.path("content")).isEqualTo(localMessage.path("content"));
        assertThat(remoteMessage.path("usage")).isEqualTo(localMessage.path("usage"));
    }

    @Test
    void unknownModel_failsWithNotFound_asInProcess() {
        assertThat(failure(remote.send(call("claude-nope-1", true, null))).type())
                .isEqualTo(failure(upstream.send(call("claude-nope-1", true, null))).type())
                .isEqualTo(ErrorType.NOT_FOUND);
    }

    @Test
    void models_andLabels_asInProcess() {
        await(remote.refreshModels());

        assertThat(remote.models()).isEqualTo(upstream.models()).isNotEmpty();
        assertThat(remote.modelLabel(MODEL)).isEqualTo(upstream.modelLabel(MODEL)).isEqualTo(MODEL);
        assertThat(remote.modelLabel("claude-made-up")).isEqualTo(upstream.modelLabel("claude-made-up"));
    }

    @Test
    void manyConcurrentStreams_throughTheRealUpstream_allComplete() {
        List<Future<Received>> opened = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            opened.add(remote.send(call(MODEL, true, null)).map(Received::new));
        }
        List<Received> all = opened.stream().map(Loopback::await).toList();

        await().atMost(Duration.ofSeconds(30)).until(() -> all.stream().allMatch(Received::over));
        Received first = all.get(0);
        assertThat(all).allSatisfy(r -> {
            assertThat(r.failed).isNull();
            assertThat(deltas(r)).hasSize(TOKENS).containsExactlyElementsOf(deltas(first));
        });
    }
}
