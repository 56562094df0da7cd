package dev.switchyard.cluster.claude;

import static dev.switchyard.cluster.Loopback.await;
import static dev.switchyard.cluster.Loopback.failure;
import static dev.switchyard.cluster.claude.SimulatedUpstreamHopTest.MODEL;
import static dev.switchyard.cluster.claude.SimulatedUpstreamHopTest.call;
import static dev.switchyard.cluster.claude.SimulatedUpstreamHopTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.cluster.Loopback;
import dev.switchyard.cluster.RoleServer;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.simulator.ClaudeSimulator;
import dev.switchyard.simulator.Fault;
import dev.switchyard.simulator.SimulatorOptions;
import dev.switchyard.upstream.impl.UpstreamCaller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the claude role, one of which cannot reach its upstream (its deployment's port is closed:
 * for it, as for one whose upstream name stopped resolving, nothing went upstream). Calls that land on it go
 * to the other instead of failing, streamed or whole; a refusal after the upstream answered does not.
 */
class UnreachableUpstreamHopTest {
    private final Loopback loop = new Loopback();
    private final ClaudeSimulator sim = await(ClaudeSimulator.start(loop.vertx, SimulatorOptions.defaults()
            .withEventLoops(1).withTimeToFirstToken(Duration.ofMillis(5)).withTokensPerSecond(500)
            .withResponseTokens(10)));
    private final UpstreamCaller cutOff = caller("http://127.0.0.1:" + closedPort());
    private final UpstreamCaller connected = caller(sim.baseUrl());
    private final RoleServer cutOffServer = loop.serve(new ClaudeEndpoint(cutOff).routes());
    private final RoleServer connectedServer = loop.serve(new ClaudeEndpoint(connected).routes());

    private UpstreamCaller caller(String baseUrl) {
        return new UpstreamCaller(loop.vertx, config(baseUrl), new SimpleMeterRegistry(), Clock.systemUTC(),
                new Random(7));
    }

    private RemoteClaudeService remote(RoleServer... servers) {
        RemoteClaudeService remote = new RemoteClaudeService(loop.vertx, loop.client("claude", servers),
                Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(remote::ready);
        return remote;
    }

    @AfterEach
    void close() {
        await(cutOff.close());
        await(connected.close());
        await(sim.close());
        loop.close();
    }

    @Test
    void oneInstanceCannotReachItsUpstream_everyCallIsServedByTheOther() {
        RemoteClaudeService remote = remote(cutOffServer, connectedServer);
        long servedBefore = connectedServer.requests();
        long refusedBefore = cutOffServer.requests();

        for (int i = 0; i < 6; i++) {
            Received streamed = await(remote.send(call(MODEL, true, null)).map(Received::new));
            await().atMost(Duration.ofSeconds(10)).until(streamed::over);
            assertThat(streamed.failed).isNull();
            assertThat(streamed.types()).last().isEqualTo("message_stop");
            UpstreamResponse whole = await(remote.send(call(MODEL, false, null)));
            assertThat(whole.status()).isEqualTo(200);
            assertThat(await(whole.fullBody()).toString()).contains("\"type\":\"message\"");
        }

        // and perhaps the model list's first fetch, which the remote client sends on its own
        assertThat(connectedServer.requests() - servedBefore).isBetween(12L, 13L);
        assertThat(cutOffServer.requests() - refusedBefore).isPositive();
        assertThat(cutOff.breakerState("sim-a")).isEqualTo("OPEN");
    }

    @Test
    void onlyInstanceCannotReachItsUpstream_theCallerGetsItsRefusal() {
        RemoteClaudeService remote = remote(cutOffServer);
        long before = cutOffServer.requests();

        ApiException refusal = failure(remote.send(call(MODEL, true, null)));

        assertThat(refusal.type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(refusal.getMessage()).contains("no upstream could serve model " + MODEL).contains("connect error");
        assertThat(cutOffServer.requests() - before).isEqualTo(1);
    }

    @Test
    void upstreamAnsweredOverloaded_theRefusalIsNotTriedOnAnotherInstance() {
        RoleServer second = loop.serve(new ClaudeEndpoint(connected).routes());
        RemoteClaudeService remote = remote(connectedServer, second);
        sim.setFault(Fault.status(529));
        long before = connectedServer.requests() + second.requests();

        ApiException refusal = failure(remote.send(call(MODEL, false, null)));

        assertThat(refusal.type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(connectedServer.requests() + second.requests() - before).isEqualTo(1);
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
