package dev.switchyard.simulator;

import static dev.switchyard.simulator.MessagesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.simulator.RawHttp.SseEvent;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FaultTest extends SimulatorTestBase {

    @Override
    SimulatorOptions options() {
        return super.options().withEventLoops(4);
    }

    @Test
    void fault_status529WithRetryAfter_answersOverloadedWithRoundedUpSeconds() throws Exception {
        simulator.setFault(Fault.status(529, Duration.ofMillis(1500)));

        HttpResponse<String> response = post("/v1/messages", body("x", 10, false));

        assertError(response, 529, "overloaded_error", "Overloaded");
        assertThat(response.headers().firstValue("retry-after")).hasValue("2");
        assertThat(simulator.stats().faultsInjected()).isEqualTo(1);
    }

    @Test
    void fault_statusOnStream_answersErrorBeforeStreaming() throws Exception {
        simulator.setFault(Fault.status(429));

        HttpResponse<String> response = post("/v1/messages", body("x", 10, true));

        assertError(response, 429, "rate_limit_error", "rate limit");
        assertThat(response.headers().firstValue("retry-after")).isEmpty();
        assertThat(simulator.stats().streamsStarted()).isZero();
    }

    @Test
    void fault_statusOn503And500_mapsToApiErrorTypes() throws Exception {
        simulator.setFault(Fault.status(503).times(1));
        assertError(post("/v1/messages", body("x", 10, false)), 503, "overloaded_error", "Overloaded");
        simulator.setFault(Fault.status(500).times(1));
        assertError(post("/v1/messages/count_tokens", body("x", 10, false)), 500, "api_error", "Internal");
    }

    @Test
    void fault_remainingTwo_appliesToTwoRequestsThenExpires() throws Exception {
        simulator.setFault(Fault.status(429).times(2));

        assertThat(post("/v1/messages", body("a", 10, false)).statusCode()).isEqualTo(429);
        assertThat(post("/v1/messages", body("b", 10, false)).statusCode()).isEqualTo(429);
        assertThat(post("/v1/messages", body("c", 10, false)).statusCode()).isEqualTo(200);
        assertThat(simulator.stats().faultsInjected()).isEqualTo(2);
    }

    @Test
    void fault_remainingUnderConcurrentRequests_appliesExactlyThatManyTimes() throws Exception {
        simulator.setFault(Fault.status(500).times(7));
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            responses.add(http.sendAsync(request("/v1/messages")
                    .POST(HttpRequest.BodyPublishers.ofString(body("c" + i, 10, false))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        int failed = 0;
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            failed += response.get().statusCode() == 500 ? 1 : 0;
        }
        assertThat(failed).isEqualTo(7);
        assertThat(simulator.stats().faultsInjected()).isEqualTo(7);
    }

    @Test
    void fault_invalidRequest_isAnsweredWithoutUsingTheFault() throws Exception {
        simulator.setFault(Fault.status(529).times(1));

        assertThat(post("/v1/messages", "{}").statusCode()).isEqualTo(400);
        assertThat(get("/v1/models").statusCode()).isEqualTo(200);
        assertThat(post("/v1/messages", body("x", 10, false)).statusCode()).isEqualTo(529);
    }

    @Test
    void fault_latency_delaysTheAnswer() throws Exception {
        simulator.setFault(Fault.latency(Duration.ofMillis(300)));

        long started = System.nanoTime();
        HttpResponse<String> response = post("/v1/messages", body("x", 10, false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void fault_latencyWithStatus_delaysTheError() throws Exception {
        simulator.setFault(Fault.status(529).withLatency(Duration.ofMillis(200)));

        long started = System.nanoTime();
        HttpResponse<String> response = post("/v1/messages", body("x", 10, true));

        assertThat(response.statusCode()).isEqualTo(529);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(200);
    }

    @Test
    void fault_stallAfterThreeEvents_sendsThreeEventsAndKeepsTheConnectionOpen() throws Exception {
        simulator.setFault(Fault.stallAfter(3));

        try (RawHttp raw = RawHttp.post(simulator.port(), "/v1/messages", body("x", 100, true), true)) {
            await().until(() -> raw.events().size() == 3);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> raw.events().size() == 3 && !raw.eof() && !raw.complete());

            assertThat(raw.head()).startsWith("HTTP/1.1 200");
            assertThat(raw.events()).extracting(SseEvent::event)
                    .containsExactly("message_start", "content_block_start", "ping");
        }
        await().untilAsserted(() -> assertThat(simulator.stats().streamsCancelled()).isEqualTo(1));
        assertThat(simulator.stats().streamsCompleted()).isZero();
    }

    @Test
    void fault_stallAfterZeroEvents_sendsOnlyTheHead() throws Exception {
        simulator.setFault(Fault.stallAfter(0));

        try (RawHttp raw = RawHttp.post(simulator.port(), "/v1/messages", body("x", 100, true), true)) {
            await().until(() -> raw.head().startsWith("HTTP/1.1 200"));
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                    .until(() -> raw.events().isEmpty() && !raw.eof());
        }
    }

    @Test
    void fault_stallOnNonStreamingRequest_neverAnswers() throws Exception {
        simulator.setFault(Fault.stallAfter(0));

        try (RawHttp raw = RawHttp.post(simulator.port(), "/v1/messages", body("x", 100, false), true)) {
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> raw.text().isEmpty() && !raw.eof());
        }
    }

    @Test
    void fault_statusWithStallAfter_streamsThenSendsErrorEventAndEnds() throws Exception {
        simulator.setFault(Fault.status(529).withStallAfter(5));

        HttpResponse<String> response = post("/v1/messages", body("x", 100, true));

        assertThat(response.statusCode()).isEqualTo(200);
        List<SseEvent> events = SseEvent.parse(response.body());
        assertThat(events).extracting(SseEvent::event).containsExactly("message_start", "content_block_start",
                "ping", "content_block_delta", "content_block_delta", "error");
        JsonNode error = json(events.getLast().data());
        assertThat(error.at("/error/type").asText()).isEqualTo("overloaded_error");
        assertThat(error.get("request_id").asText()).isEqualTo(response.headers().firstValue("request-id").orElseThrow());
    }

    @Test
    void fault_resetWithStallAfter_streamsThenClosesTheConnection() throws Exception {
        simulator.setFault(Fault.connectionReset().withStallAfter(4));

        try (RawHttp raw = RawHttp.post(simulator.port(), "/v1/messages", body("x", 100, true), true)) {
            await().until(raw::eof);

            assertThat(raw.head()).startsWith("HTTP/1.1 200");
            assertThat(raw.events()).hasSize(4);
            assertThat(raw.complete()).isFalse();
        }
        assertThat(simulator.stats().streamsCancelled()).isZero();
        assertThat(simulator.stats().streamsCompleted()).isZero();
    }

    @Test
    void fault_resetConnection_closesWithoutAnswer() throws Exception {
        simulator.setFault(Fault.connectionReset().times(1));

        try (RawHttp raw = RawHttp.post(simulator.port(), "/v1/messages", body("x", 10, false), true)) {
            await().until(raw::eof);
            assertThat(raw.text()).isEmpty();
        }
        assertThat(post("/v1/messages", body("x", 10, false)).statusCode()).isEqualTo(200);
    }

    @Test
    void fault_resetConnectionOnJavaClient_failsTheCall() throws Exception {
        simulator.setFault(Fault.connectionReset().times(1));

        assertThatThrownBy(() -> post("/v1/messages", body("x", 10, true))).isInstanceOf(IOException.class);
        assertThat(post("/v1/messages", body("x", 10, true)).statusCode()).isEqualTo(200);
    }

    @Test
    void fault_malformedSse_insertsGarbageMidStreamAndKeepsEveryEvent() throws Exception {
        simulator.setFault(Fault.malformedStream());

        String body = post("/v1/messages", body("x", 100, true)).body();

        assertThat(body).contains("\ndata: {not json\n");
        List<SseEvent> events = SseEvent.parse(body);
        List<Integer> garbage = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).data().equals("{not json")) {
                garbage.add(i);
            }
        }
        assertThat(garbage).hasSize(1);
        assertThat(garbage.getFirst()).isGreaterThan(3).isLessThan(events.size() - 4);
        List<SseEvent> valid = new ArrayList<>(events);
        valid.remove((int) garbage.getFirst());
        assertThat(valid).hasSize(24 + 6);
        assertThat(valid.getLast().event()).isEqualTo("message_stop");
        assertThat(StreamingTest.deltaText(valid))
                .isEqualTo(MessagesTest.text(json(post("/v1/messages", body("x", 100, false)))));
    }

    @Test
    void clearFault_afterSetFault_answersNormally() throws Exception {
        simulator.setFault(Fault.status(529));
        simulator.clearFault();

        assertThat(post("/v1/messages", body("x", 10, false)).statusCode()).isEqualTo(200);
    }

    @Test
    void controlApi_postFault_appliesItAndDeleteClearsIt() throws Exception {
        HttpResponse<String> set = send(request("/_simulator/fault").POST(HttpRequest.BodyPublishers.ofString(
                "{\"status\":429,\"retry_after_ms\":1000,\"remaining\":1}")));

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(json(set).get("status").asInt()).isEqualTo(429);
        assertThat(json(set).get("retry_after_ms").asInt()).isEqualTo(1000);
        HttpResponse<String> faulted = post("/v1/messages", body("x", 10, false));
        assertError(faulted, 429, "rate_limit_error", "rate limit");
        assertThat(faulted.headers().firstValue("retry-after")).hasValue("1");
        assertThat(post("/v1/messages", body("x", 10, false)).statusCode()).isEqualTo(200);

        send(request("/_simulator/fault").POST(HttpRequest.BodyPublishers.ofString("{\"status\":500}")));
        assertThat(send(request("/_simulator/fault").DELETE()).statusCode()).isEqualTo(204);
        assertThat(post("/v1/messages", body("x", 10, false)).statusCode()).isEqualTo(200);
    }

    @Test
    void controlApi_streamFaultsOverHttp_applyToStreams() throws Exception {
        send(request("/_simulator/fault").POST(HttpRequest.BodyPublishers.ofString(
                "{\"stall_after_events\":2,\"malformed_sse\":true,\"reset_connection\":false,\"latency_ms\":0}")));

        try (RawHttp raw = RawHttp.post(simulator.port(), "/v1/messages", body("x", 100, true), true)) {
            await().until(() -> raw.events().size() == 2);
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                    .until(() -> raw.events().size() == 2 && !raw.eof());
        }
    }

    @Test
    void controlApi_invalidFault_answers400AndKeepsThePlan() throws Exception {
        simulator.setFault(Fault.status(529));

        assertError(send(request("/_simulator/fault").POST(HttpRequest.BodyPublishers.ofString("{\"stauts\":500}"))),
                400, "invalid_request_error", "stauts");
        assertError(send(request("/_simulator/fault").POST(HttpRequest.BodyPublishers.ofString("{\"status\":200}"))),
                400, "invalid_request_error", "status");
        assertThat(post("/v1/messages", body("x", 10, false)).statusCode()).isEqualTo(529);
    }

    @Test
    void controlApi_stats_reportsCountsWithoutCountingItself() throws Exception {
        post("/v1/messages", body("x", 10, false));
        post("/v1/messages", body("x", 10, true));

        HttpResponse<String> response = send(request("/_simulator/stats").GET());

        JsonNode stats = json(response);
        assertThat(stats.get("requests").asLong()).isEqualTo(2);
        assertThat(stats.get("messages").asLong()).isEqualTo(2);
        assertThat(stats.get("streams_started").asLong()).isEqualTo(1);
        assertThat(stats.get("faults_injected").asLong()).isZero();
        assertThat(stats.get("requests_by_kind")).isEqualTo(json(
                "{\"messages\":2,\"batches\":0,\"files\":0,\"other\":0}"));
        assertThat(stats.at("/last_headers/x-api-key").asText()).isEqualTo(KEY);
        assertThat(stats.get("last_body").asText()).isEqualTo(body("x", 10, true));
        assertThat(send(request("/_simulator/stats").DELETE()).statusCode()).isEqualTo(204);
        assertThat(simulator.stats().requests()).isZero();
    }
}
