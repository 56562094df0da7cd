package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchyard.core.config.ClusterConfig;
import dev.switchyard.core.config.RegistryConfig;
import dev.switchyard.core.config.SwitchyardConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The claude role in its own process: the gateway calls it through the cluster protocol, no call site changed. */
class TwoHopTest {
    private static final Set<String> ALL_BUT_CLAUDE = Set.of("gateway", "auth", "conversation", "cache", "filter",
            "translation");
    private static final String STREAM_BODY = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":500,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a long story\"}]}";

    private Harness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void message_throughARemoteClaudeRole_answersAsInOneProcess() {
        harness = new Harness().deployment("a", "claude-sonnet-4-6");
        Switchyard claude = harness.process(Set.of("claude"), List.of());
        harness.process(ALL_BUT_CLAUDE, List.of(Harness.peer("claude", claude)));

        HttpResponse<String> whole = RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"));
        HttpResponse<String> streamed = RawHttp.post(harness.baseUrl(), "/v1/messages",
                STREAM_BODY.replace("500", "40"));

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).contains("\"type\":\"message\"").contains("\"stop_reason\"");
        assertThat(whole.headers().firstValue("x-switchyard-upstream")).hasValue("a");
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(eventNames(streamed.body())).startsWith("message_start", "content_block_start")
                .endsWith("message_delta", "message_stop");
        assertThat(harness.sim("a").stats().requests()).isEqualTo(2);
    }

    @Test
    void models_ofARemoteClaudeRole_areListedByTheGateway() {
        harness = new Harness().deployment("a", "claude-sonnet-4-6");
        Switchyard claude = harness.process(Set.of("claude"), List.of());
        harness.process(ALL_BUT_CLAUDE, List.of(Harness.peer("claude", claude)));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(RawHttp.get(harness.baseUrl(), "/v1/models").body()).contains("claude-sonnet-4-6"));
    }

    @Test
    void clientDisconnect_midStreamThroughTwoHops_cancelsTheUpstream() throws Exception {
        harness = new Harness().deployment("a", ResilienceTest.slowStream(), "claude-sonnet-4-6");
        Switchyard claude = harness.process(Set.of("claude"), List.of());
        harness.process(ALL_BUT_CLAUDE, List.of(Harness.peer("claude", claude)));

        StreamingTest.readFirstDeltaAndLeave(harness); // the first delta came through both hops

        await().atMost(Duration.ofSeconds(2)).until(() -> harness.sim("a").stats().streamsCancelled() == 1);
        assertThat(harness.sim("a").stats().streamsCompleted()).isZero();
    }

    @Test
    void oneOfTwoClaudeRoles_stopped_everyRequestStillAnswered() {
        harness = new Harness().deployment("a", "claude-sonnet-4-6");
        Switchyard first = harness.process(Set.of("claude"), List.of());
        Switchyard second = harness.process(Set.of("claude"), List.of());
        harness.process(ALL_BUT_CLAUDE, List.of(Harness.peer("claude", first), Harness.peer("claude", second)));
        Harness.await(first.shutdown());

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"))
                    .statusCode());
        }

        assertThat(statuses).containsOnly(200);
    }

    @Test
    void roleServedToOthers_withoutClusterSecret_refusesToStart() {
        harness = new Harness().deployment("a", "claude-sonnet-4-6");
        SwitchyardConfig cfg = harness.config()
                .withCluster(ClusterConfig.allInOne().withRoles(Set.of("claude")).withPort(0))
                .withRegistry(RegistryConfig.defaults());

        assertThatThrownBy(() -> Harness.await(Switchyard.start(harness.vertx, cfg, harness.clock)))
                .hasStackTraceContaining("cluster.secret");
    }

    private static List<String> eventNames(String sse) {
        List<String> names = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("event: ")) {
                names.add(line.substring(7).trim());
            }
        }
        return names;
    }
}
