package dev.switchyard.simulator;

import static dev.switchyard.simulator.MessagesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.messages.batches.BatchCreateParams;
import com.anthropic.models.messages.batches.BatchListPage;
import com.anthropic.models.messages.batches.BatchListParams;
import com.anthropic.models.messages.batches.DeletedMessageBatch;
import com.anthropic.models.messages.batches.MessageBatch;
import com.anthropic.models.messages.batches.MessageBatchIndividualResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Message Batches API, driven by the official Java SDK where it can be, by raw HTTP where it cannot. */
class BatchesTest extends SimulatorTestBase {
    /** Slow enough that a batch is surely still in progress when the next call comes. */
    private static final Duration SLOW = Duration.ofSeconds(2);

    @Test
    void batch_threeRequestsOneInvalid_endsWithResultsInOrder() throws Exception {
        MessageBatch created = sdk().messages().batches().create(BatchCreateParams.builder()
                .addRequest(request("a", "claude-sonnet-4-6", 64, "First"))
                .addRequest(request("b", "claude-sonnet-4-6", 0, "Second"))
                .addRequest(request("c", "claude-haiku-4-5", 64, "Third"))
                .build());

        assertThat(created.id()).matches("msgbatch_[0-9A-Za-z]{24}");
        assertThat(created.processingStatus()).isEqualTo(MessageBatch.ProcessingStatus.IN_PROGRESS);
        assertThat(created.requestCounts().processing()).isEqualTo(3);
        assertThat(created.expiresAt()).isEqualTo(created.createdAt().plusHours(24));
        assertThat(created.resultsUrl()).isEmpty();
        assertThat(created.endedAt()).isEmpty();

        MessageBatch ended = awaitEnded(created.id());
        assertThat(ended.requestCounts().succeeded()).isEqualTo(2);
        assertThat(ended.requestCounts().errored()).isEqualTo(1);
        assertThat(ended.requestCounts().processing()).isZero();
        assertThat(ended.endedAt()).isPresent();
        assertThat(ended.resultsUrl()).hasValue(simulator.baseUrl() + "/v1/messages/batches/" + created.id() + "/results");

        List<MessageBatchIndividualResponse> results = results(created.id());
        assertThat(results).extracting(MessageBatchIndividualResponse::customId).containsExactly("a", "b", "c");
        assertThat(results.get(0).result().asSucceeded().message().model().asString()).isEqualTo("claude-sonnet-4-6");
        assertThat(results.get(1).result().asErrored().error().error().isInvalidRequestError()).isTrue();
        assertThat(results.get(2).result().asSucceeded().message().content()).hasSize(1);
    }

    @Test
    void batch_succeededResult_isWhatMessagesAnswersForTheSameParams() throws Exception {
        String id = sdk().messages().batches().create(BatchCreateParams.builder()
                .addRequest(request("same", "claude-sonnet-4-6", 100, "Hello there")).build()).id();
        JsonNode direct = json(post("/v1/messages", body("Hello there", 100, false)));

        awaitEnded(id);
        HttpResponse<String> raw = get("/v1/messages/batches/" + id + "/results");

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("content-type")).hasValue("application/binary");
        assertThat(raw.body()).endsWith("}\n").hasLineCount(1);
        JsonNode line = json(raw.body());
        assertThat(line.get("custom_id").asText()).isEqualTo("same");
        assertThat(line.at("/result/type").asText()).isEqualTo("succeeded");
        JsonNode message = line.at("/result/message");
        assertThat(message.get("content")).isEqualTo(direct.get("content"));
        assertThat(message.get("usage")).isEqualTo(direct.get("usage"));
        assertThat(message.get("id").asText()).startsWith("msg_").isNotEqualTo(direct.get("id").asText());
    }

    @Test
    void batch_unknownModel_isAnErroredResultNotARefusal() throws Exception {
        String id = sdk().messages().batches().create(BatchCreateParams.builder()
                .addRequest(request("x", "claude-nope", 10, "Hi")).build()).id();

        awaitEnded(id);
        JsonNode line = json(get("/v1/messages/batches/" + id + "/results").body());

        assertThat(line.at("/result/type").asText()).isEqualTo("errored");
        assertThat(line.at("/result/error/type").asText()).isEqualTo("error");
        assertThat(line.at("/result/error/error/type").asText()).isEqualTo("not_found_error");
        assertThat(line.at("/result/error/error/message").asText()).contains("claude-nope");
    }

    @Test
    void batch_faultStatus_becomesAnErroredResult() throws Exception {
        simulator.setFault(Fault.status(529).times(1));
        String id = sdk().messages().batches().create(BatchCreateParams.builder()
                .addRequest(request("hit", "claude-opus-5", 10, "a"))
                .addRequest(request("spared", "claude-opus-5", 10, "b")).build()).id();

        awaitEnded(id);
        List<MessageBatchIndividualResponse> results = results(id);

        assertThat(results.get(0).result().asErrored().error().error().isOverloadedError()).isTrue();
        assertThat(results.get(1).result().isSucceeded()).isTrue();
        assertThat(simulator.stats().faultsInjected()).isEqualTo(1);
    }

    @Test
    void cancel_inProgress_answersCancelingThenEndsWithCanceledResults() throws Exception {
        restart(options().withBatchRequestInterval(SLOW));
        String id = sdk().messages().batches().create(BatchCreateParams.builder()
                .addRequest(request("a", "claude-opus-5", 10, "a"))
                .addRequest(request("b", "claude-opus-5", 10, "b")).build()).id();

        MessageBatch canceling = sdk().messages().batches().cancel(id);

        assertThat(canceling.processingStatus()).isEqualTo(MessageBatch.ProcessingStatus.CANCELING);
        assertThat(canceling.cancelInitiatedAt()).isPresent();
        MessageBatch ended = awaitEnded(id);
        assertThat(ended.requestCounts().canceled()).isEqualTo(2);
        assertThat(ended.cancelInitiatedAt()).isEqualTo(canceling.cancelInitiatedAt());
        assertThat(results(id)).allSatisfy(r -> assertThat(r.result().isCanceled()).isTrue());
        assertThat(sdk().messages().batches().cancel(id).processingStatus())
                .as("canceling an ended batch leaves it as it is").isEqualTo(MessageBatch.ProcessingStatus.ENDED);
    }

    @Test
    void delete_inProgress_isRefusedUntilTheBatchHasEnded() throws Exception {
        restart(options().withBatchRequestInterval(SLOW));
        String id = sdk().messages().batches().create(BatchCreateParams.builder()
                .addRequest(request("a", "claude-opus-5", 10, "a")).build()).id();

        assertError(delete("/v1/messages/batches/" + id), 400, "invalid_request_error", "cancel it first");
        assertThatThrownBy(() -> sdk().messages().batches().delete(id)).isInstanceOf(BadRequestException.class);
        sdk().messages().batches().cancel(id);
        awaitEnded(id);
        DeletedMessageBatch deleted = sdk().messages().batches().delete(id);

        assertThat(deleted.id()).isEqualTo(id);
        assertThat(deleted._type().toString()).contains("message_batch_deleted");
        assertThatThrownBy(() -> sdk().messages().batches().retrieve(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void results_beforeTheBatchHasEnded_answer400() throws Exception {
        restart(options().withBatchRequestInterval(SLOW));
        String id = sdk().messages().batches().create(BatchCreateParams.builder()
                .addRequest(request("a", "claude-opus-5", 10, "a")).build()).id();

        assertError(get("/v1/messages/batches/" + id + "/results"), 400, "invalid_request_error", "not finished");
        assertThat(json(get("/v1/messages/batches/" + id)).get("results_url").isNull()).isTrue();
    }

    @Test
    void list_pagedByLimit_walksTheBatchesNewestFirst() throws Exception {
        List<String> created = new ArrayList<>();
        for (String customId : List.of("first", "second", "third")) {
            created.add(sdk().messages().batches().create(BatchCreateParams.builder()
                    .addRequest(request(customId, "claude-opus-5", 10, customId)).build()).id());
        }
        List<String> newestFirst = created.reversed();

        BatchListPage page = sdk().messages().batches().list(BatchListParams.builder().limit(2).build());
        List<String> walked = new ArrayList<>();
        page.autoPager().forEach(b -> walked.add(b.id()));
        JsonNode before = json(get("/v1/messages/batches?limit=1&before_id=" + newestFirst.get(2)));

        assertThat(page.data()).extracting(MessageBatch::id).containsExactlyElementsOf(newestFirst.subList(0, 2));
        assertThat(page.hasMore()).hasValue(true);
        assertThat(page.firstId()).hasValue(newestFirst.get(0));
        assertThat(page.lastId()).hasValue(newestFirst.get(1));
        assertThat(walked).containsExactlyElementsOf(newestFirst);
        assertThat(before.at("/data/0/id").asText()).isEqualTo(newestFirst.get(1));
        assertThat(before.get("has_more").asBoolean()).isTrue();
    }

    @Test
    void unknownBatch_everyEndpoint_answers404() throws Exception {
        String unknown = "msgbatch_000000000000000000000000";

        assertThatThrownBy(() -> sdk().messages().batches().retrieve(unknown)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sdk().messages().batches().cancel(unknown)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sdk().messages().batches().delete(unknown)).isInstanceOf(NotFoundException.class);
        assertError(get("/v1/messages/batches/" + unknown + "/results"), 404, "not_found_error", unknown);
        assertError(get("/v1/messages/batches/" + unknown + "/nothing"), 404, "not_found_error", "Not Found");
    }

    static Stream<Arguments> invalidBatches() {
        String params = "{\"model\":\"claude-opus-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        return Stream.of(
                Arguments.of("{}", "requests: Field required"),
                Arguments.of("{\"requests\":{}}", "requests: Input should be a valid list"),
                Arguments.of("{\"requests\":[]}", "requests: List should have at least 1"),
                Arguments.of("{\"requests\":[{\"params\":" + params + "}]}", "requests.0.custom_id: Field required"),
                Arguments.of("{\"requests\":[{\"custom_id\":\"" + "a".repeat(65) + "\",\"params\":" + params + "}]}",
                        "requests.0.custom_id: String should have at most 64 characters"),
                Arguments.of("{\"requests\":[{\"custom_id\":\"\",\"params\":" + params + "}]}",
                        "requests.0.custom_id: String should have at least 1 character"),
                Arguments.of("{\"requests\":[{\"custom_id\":\"a b\",\"params\":" + params + "}]}",
                        "requests.0.custom_id: String should match pattern"),
                Arguments.of("{\"requests\":[{\"custom_id\":\"a\",\"params\":" + params + "},{\"custom_id\":\"a\",\"params\":"
                        + params + "}]}", "requests.1.custom_id: duplicate custom_id 'a'"),
                Arguments.of("{\"requests\":[{\"custom_id\":\"a\",\"params\":[]}]}",
                        "requests.0.params: Input should be a valid dictionary"),
                Arguments.of("{\"requests\":[{\"custom_id\":\"a\",\"params\":" + params.replace("{\"model\"",
                        "{\"stream\":true,\"model\"") + "}]}", "requests.0.params.stream"),
                Arguments.of("{not json", "JSON"));
    }

    @ParameterizedTest
    @MethodSource("invalidBatches")
    void create_invalidEnvelope_answers400(String body, String message) throws Exception {
        assertError(post("/v1/messages/batches", body), 400, "invalid_request_error", message);
        assertThat(json(get("/v1/messages/batches")).get("data")).isEmpty();
    }

    @Test
    void create_moreThan100000Requests_answers400() throws Exception {
        StringBuilder body = new StringBuilder("{\"requests\":[");
        for (int i = 0; i <= BatchRequest.MAX_REQUESTS; i++) {
            body.append(i == 0 ? "" : ",").append("{\"custom_id\":\"r").append(i).append("\",\"params\":{}}");
        }
        body.append("]}");

        assertError(post("/v1/messages/batches", body.toString()), 400, "invalid_request_error",
                "at most 100000 items, not 100001");
    }

    @Test
    void batches_withoutApiKeyOrWithWrongMethod_areRefusedLikeMessages() throws Exception {
        HttpResponse<String> wrongMethod = send(request("/v1/messages/batches").PUT(
                java.net.http.HttpRequest.BodyPublishers.ofString("{}")));

        assertError(send(request("/v1/messages/batches").setHeader("x-api-key", "").GET()), 401,
                "authentication_error", "x-api-key");
        assertError(send(request("/v1/messages/batches").setHeader("anthropic-version", "").GET()), 400,
                "invalid_request_error", "anthropic-version");
        assertError(wrongMethod, 405, "invalid_request_error", "PUT");
        assertThat(wrongMethod.headers().firstValue("allow")).hasValue("GET, POST");
    }

    private static BatchCreateParams.Request request(String customId, String model, long maxTokens, String prompt) {
        return BatchCreateParams.Request.builder().customId(customId).params(BatchCreateParams.Request.Params.builder()
                .model(model).maxTokens(maxTokens).addUserMessage(prompt).build()).build();
    }

    private MessageBatch awaitEnded(String id) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                MessageBatch.ProcessingStatus.ENDED.equals(sdk().messages().batches().retrieve(id).processingStatus()));
        return sdk().messages().batches().retrieve(id);
    }

    private List<MessageBatchIndividualResponse> results(String id) {
        try (StreamResponse<MessageBatchIndividualResponse> stream = sdk().messages().batches().resultsStreaming(id)) {
            return stream.stream().toList();
        }
    }
}
