package dev.switchyard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** Requests counted by the part of the API they were for, so that a test can tell who served a call. */
class StatsTest extends SimulatorTestBase {

    @Test
    void requestsByKind_oneOfEachKind_areCountedApart() throws Exception {
        post("/v1/messages", body("x", 10, false));
        post("/v1/messages/count_tokens", "{\"model\":\"claude-opus-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        post("/v1/messages/batches", "{\"requests\":[{\"custom_id\":\"a\",\"params\":{}}]}");
        get("/v1/messages/batches");
        get("/v1/files");
        get("/v1/files/file_nope/content");
        post("/v1/complete", "{}");
        get("/v1/models");
        get("/v1/nothing");
        get("/v1/filesystem");

        assertThat(simulator.stats().requestsByKind()).isEqualTo(new SimulatorStats.RequestsByKind(2, 2, 2, 4));
        assertThat(simulator.stats().requests()).isEqualTo(10);
        JsonNode stats = json(send(request("/_simulator/stats").GET()));
        assertThat(stats.at("/requests_by_kind/messages").asLong()).isEqualTo(2);
        assertThat(stats.at("/requests_by_kind/batches").asLong()).isEqualTo(2);
        assertThat(stats.at("/requests_by_kind/files").asLong()).isEqualTo(2);
        assertThat(stats.at("/requests_by_kind/other").asLong()).isEqualTo(4);
    }

    @Test
    void requestsByKind_twoSimulators_eachCountsOnlyWhatItServed() throws Exception {
        ClaudeSimulator other = join(ClaudeSimulator.start(vertx, options()));
        try {
            send(HttpRequest.newBuilder(java.net.URI.create(other.baseUrl() + "/v1/files")).header("x-api-key", KEY)
                    .header("anthropic-version", VERSION).GET());
            get("/v1/messages/batches");

            assertThat(other.stats().requestsByKind()).isEqualTo(new SimulatorStats.RequestsByKind(0, 0, 1, 0));
            assertThat(simulator.stats().requestsByKind()).isEqualTo(new SimulatorStats.RequestsByKind(0, 1, 0, 0));
        } finally {
            join(other.close());
        }
    }

    @Test
    void pathKind_paths_areClassifiedByWholeSegments() {
        assertThat(PathKind.of("/v1/messages")).isEqualTo(PathKind.MESSAGES);
        assertThat(PathKind.of("/v1/messages/count_tokens")).isEqualTo(PathKind.MESSAGES);
        assertThat(PathKind.of("/v1/messages/batches")).isEqualTo(PathKind.BATCHES);
        assertThat(PathKind.of("/v1/messages/batches/msgbatch_x/results")).isEqualTo(PathKind.BATCHES);
        assertThat(PathKind.of("/v1/messages/batchesx")).isEqualTo(PathKind.OTHER);
        assertThat(PathKind.of("/v1/files/file_x/content")).isEqualTo(PathKind.FILES);
        assertThat(PathKind.of("/v1/filesystem")).isEqualTo(PathKind.OTHER);
        assertThat(PathKind.of("/v1/complete")).isEqualTo(PathKind.OTHER);
    }
}
