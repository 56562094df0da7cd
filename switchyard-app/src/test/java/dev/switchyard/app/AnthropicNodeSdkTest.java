package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import dev.switchyard.simulator.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code @anthropic-ai/sdk} Node package (pinned with its lock file in
 * src/test/node/anthropic-sdk, installed with {@code npm ci} into target/ once) against the gateway. Each
 * script prints one JSON object with a section per area; a section that failed holds {@code failed}, so
 * one area's failure shows under its own test and hides no other. A machine without node or npm reports
 * this test as skipped, saying why; a failed install fails it.
 *
 * <p>Models: ids the simulator knows today (claude-opus-4-6 is not among them yet): claude-sonnet-4-6 for
 * the calls, claude-haiku-4-5 on a deployment that answers 429 with a retry-after.
 */
class AnthropicNodeSdkTest {
    private static final Path SOURCE = Path.of("src/test/node/anthropic-sdk");
    private static final Path WORK = Path.of("target/anthropic-node");
    private static final List<String> SCRIPTS = List.of("sections.mjs", "messages.mjs", "batches.mjs", "files.mjs");
    private static final String MODEL = "claude-sonnet-4-6";
    private static final String RATE_LIMITED = "claude-haiku-4-5";
    private static final List<String> SERVED = List.of(MODEL, "claude-opus-4-8", "claude-opus-5", "claude-sonnet-5",
            "claude-haiku-5-5");
    /** What /v1/models lists: every deployment's models, in the configuration's order. */
    private static final List<String> LISTED = List.of(MODEL, "claude-opus-4-8", "claude-opus-5", "claude-sonnet-5",
            "claude-haiku-5-5", RATE_LIMITED);
    private static Harness harness;
    private static JsonNode messages;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(NodeCommands.onPath("node") && NodeCommands.onPath("npm"),
                "node and npm are needed for the @anthropic-ai/sdk Node package test and are not on PATH");
        install();
        harness = new Harness().deployment("primary", SERVED.toArray(String[]::new))
                .deployment("limited", RATE_LIMITED).start();
        // longer than the gateway waits for a retry-after (5 s): it gives the 429 to the client at once
        harness.sim("limited").setFault(Fault.status(429, Duration.ofSeconds(7)));
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void create_throughGateway_returnsTheSimulatorsMessage() throws Exception {
        JsonNode create = section(messages(), "create");

        assertThat(create.get("id").asText()).startsWith("msg_");
        assertThat(create.get("type").asText()).isEqualTo("message");
        assertThat(create.get("model").asText()).isEqualTo(MODEL);
        assertThat(create.get("text").asText()).isNotBlank();
        assertThat(create.get("stopReason").asText()).isEqualTo("end_turn");
        assertThat(create.get("outputTokens").asLong()).isPositive();
        assertThat(create.get("requestId").asText()).matches("req_[0-9A-Za-z]{24}");
    }

    @Test
    void streamHelper_textEventsFinalMessageAndFinalText_agreeWithTheNonStreamingAnswer() throws Exception {
        JsonNode s = section(messages(), "streamHelpers");

        assertThat(s.get("deltas").asInt()).isGreaterThan(1);
        assertThat(s.get("streamed").asText()).isNotBlank().isEqualTo(s.get("nonStreamingText").asText());
        assertThat(s.get("finalText").asText()).isEqualTo(s.get("streamed").asText());
        assertThat(s.get("finalMessageText").asText()).isEqualTo(s.get("streamed").asText());
        assertThat(s.get("stopReason").asText()).isEqualTo("end_turn");
        assertThat(s.get("outputTokens").asLong()).isPositive();
        assertThat(s.get("requestId").asText()).startsWith("req_");
    }

    @Test
    void rawStream_createWithStreamTrue_yieldsTheApisEventsInOrder() throws Exception {
        JsonNode s = section(messages(), "rawStream");
        List<String> types = texts(s.get("types"));

        assertThat(types.getFirst()).isEqualTo("message_start");
        assertThat(types.get(1)).isEqualTo("content_block_start");
        assertThat(types.subList(types.size() - 3, types.size()))
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(types.subList(2, types.size() - 3)).isNotEmpty().isSubsetOf("content_block_delta", "ping");
        assertThat(s.get("text").asText()).isEqualTo(section(messages(), "streamHelpers").get("streamed").asText());
        assertThat(s.get("outputTokens").asLong()).isPositive();
    }

    @Test
    void toolStream_inputJsonPieces_buildTheFinalMessagesToolInput() throws Exception {
        JsonNode s = section(messages(), "toolStream");
        StringBuilder joined = new StringBuilder();
        s.get("pieces").forEach(p -> joined.append(p.asText()));

        assertThat(s.get("stopReason").asText()).isEqualTo("tool_use");
        assertThat(s.get("toolName").asText()).isEqualTo("get_weather");
        assertThat(s.get("toolId").asText()).startsWith("toolu_");
        assertThat(s.get("pieces").size()).isGreaterThan(1);
        assertThat(Json.mapper().readTree(joined.toString())).isEqualTo(s.get("toolInput"));
        assertThat(s.get("lastSnapshot")).isEqualTo(s.get("toolInput"));
        assertThat(s.at("/toolInput/request").asText()).isEqualTo("Please call get_weather for Oslo");
    }

    @Test
    void betaMessages_createAndStream_readLikeTheGaOnes() throws Exception {
        JsonNode beta = section(messages(), "beta");

        assertThat(beta.get("createdType").asText()).isEqualTo("message");
        assertThat(beta.get("createdText").asText()).isNotBlank();
        assertThat(beta.get("streamed").asText()).isEqualTo(beta.get("createdText").asText());
        assertThat(beta.get("finalText").asText()).isEqualTo(beta.get("streamed").asText());
        assertThat(beta.get("finalStopReason").asText()).isEqualTo("end_turn");
    }

    @Test
    void countTokens_throughGateway_answersInputTokens() throws Exception {
        assertThat(section(messages(), "countTokens").get("inputTokens").asLong()).isPositive();
    }

    @Test
    void models_listWithLimitTwo_autoPagesForwardAndBackOverEveryModel() throws Exception {
        JsonNode models = section(messages(), "models");

        assertThat(models.get("pages").size()).isEqualTo(3);
        assertThat(flat(models.get("pages"))).isEqualTo(LISTED);
        assertThat(texts(models.get("auto"))).isEqualTo(LISTED);
        assertThat(models.get("backwards").size()).isEqualTo(3);
        assertThat(texts(models.at("/backwards/0"))).isEqualTo(LISTED.subList(3, 5));
        assertThat(texts(models.at("/backwards/1"))).isEqualTo(LISTED.subList(1, 3));
        assertThat(texts(models.at("/backwards/2"))).isEqualTo(LISTED.subList(0, 1));
        assertThat(models.at("/retrieved/id").asText()).isEqualTo(LISTED.get(1));
        assertThat(models.at("/retrieved/type").asText()).isEqualTo("model");
        assertThat(models.at("/retrieved/displayName").asText()).isEqualTo("Claude Opus 4.8");
        assertError(models.get("unknown"), "NotFoundError", 404, "not_found_error");
    }

    @Test
    void errors_badKeyUnknownModelInvalidBodyAndRateLimit_raiseTheSdksErrorClasses() throws Exception {
        JsonNode errors = section(messages(), "errors");

        assertError(errors.get("badKey"), "AuthenticationError", 401, "authentication_error");
        assertError(errors.get("unknownModel"), "NotFoundError", 404, "not_found_error");
        assertError(errors.get("invalidBody"), "BadRequestError", 400, "invalid_request_error");
        assertError(errors.get("rateLimited"), "RateLimitError", 429, "rate_limit_error");
        assertThat(errors.at("/rateLimited/retryAfter").asLong()).isPositive();
    }

    @Test
    void batches_createRetrieveResultsCancelListDelete_workAsTheApiDocuments() throws Exception {
        JsonNode out = run("batches.mjs", harness.baseUrl(), Harness.CLIENT_KEY, MODEL);

        JsonNode created = section(out, "create");
        assertThat(created.get("id").asText()).startsWith("msgbatch_");
        assertThat(created.get("type").asText()).isEqualTo("message_batch");
        assertThat(counts(created)).isEqualTo(created.get("requestsSent").asInt());
        if (!created.get("processingStatus").asText().equals("ended")) {
            assertThat(created.get("resultsUrl").isNull()).as("results_url before the end").isTrue();
        }
        JsonNode retrieved = section(out, "retrieve");
        assertThat(retrieved.get("processingStatus").asText()).isEqualTo("ended");
        assertThat(retrieved.at("/requestCounts/succeeded").asInt()).isEqualTo(created.get("requestsSent").asInt());
        // The SDK fetches results_url as it is, absolute: it must lead back through the gateway, never
        // to the upstream, which would get the client's gateway key and bypass the gateway.
        assertThat(retrieved.get("resultsUrl").asText())
                .isEqualTo(harness.baseUrl() + "/v1/messages/batches/" + created.get("id").asText() + "/results");
        assertBatchResults(section(out, "results"));
        assertBatchCanceled(section(out, "cancel"));
        JsonNode list = section(out, "list");
        assertThat(texts(list.get("ids"))).containsAll(texts(list.get("created")));
        assertThat(list.get("pages").asInt()).isEqualTo(list.get("ids").size());
        JsonNode deleted = section(out, "delete");
        assertThat(deleted.get("id").asText()).isEqualTo(deleted.get("deletedId").asText());
        assertThat(deleted.get("type").asText()).isEqualTo("message_batch_deleted");
        assertError(deleted.get("retrieveAfter"), "NotFoundError", 404, "not_found_error");
        JsonNode errors = section(out, "errors");
        assertError(errors.get("unknownId"), "NotFoundError", 404, "not_found_error");
        assertError(errors.get("cancelUnknown"), "NotFoundError", 404, "not_found_error");
        assertError(errors.get("noRequests"), "BadRequestError", 400, "invalid_request_error");
    }

    @Test
    void files_uploadListMetadataDownloadDelete_workAsTheApiDocuments() throws Exception {
        JsonNode out = run("files.mjs", harness.baseUrl(), Harness.CLIENT_KEY);

        JsonNode uploaded = section(out, "upload");
        assertThat(uploaded.get("id").asText()).startsWith("file_");
        assertThat(uploaded.get("type").asText()).isEqualTo("file");
        assertThat(uploaded.get("filename").asText()).isEqualTo("notes.bin");
        assertThat(uploaded.get("mimeType").asText()).isEqualTo("application/octet-stream");
        assertThat(uploaded.get("sizeBytes").asInt()).isEqualTo(uploaded.get("bytesSent").asInt());
        JsonNode metadata = section(out, "retrieveMetadata");
        for (String field : List.of("id", "type", "filename", "mimeType", "sizeBytes", "createdAt")) {
            assertThat(metadata.get(field)).as(field).isEqualTo(uploaded.get(field));
        }
        JsonNode list = section(out, "list");
        assertThat(texts(list.get("ids"))).containsAll(texts(list.get("uploaded")));
        assertThat(list.get("pages").asInt()).isGreaterThanOrEqualTo(2);
        assertDownload(section(out, "download"), uploaded.get("bytesSent").asInt());
        JsonNode deleted = section(out, "delete");
        assertThat(deleted.get("id").asText()).isEqualTo(deleted.get("deletedId").asText());
        assertThat(deleted.get("type").asText()).isEqualTo("file_deleted");
        assertError(deleted.get("retrieveAfter"), "NotFoundError", 404, "not_found_error");
        JsonNode errors = section(out, "errors");
        assertError(errors.get("unknownMetadata"), "NotFoundError", 404, "not_found_error");
        assertError(errors.get("unknownDownload"), "NotFoundError", 404, "not_found_error");
        assertError(errors.get("unknownDelete"), "NotFoundError", 404, "not_found_error");
    }

    /** Each custom_id once, each a succeeded message of the model asked. */
    private static void assertBatchResults(JsonNode results) {
        List<String> ids = new ArrayList<>();
        results.get("lines").forEach(line -> {
            ids.add(line.get("customId").asText());
            assertThat(line.get("type").asText()).as(line.toString()).isEqualTo("succeeded");
            assertThat(line.get("messageType").asText()).isEqualTo("message");
            assertThat(line.get("model").asText()).isEqualTo(MODEL);
            assertThat(line.get("text").asText()).isNotBlank();
        });
        assertThat(ids).containsExactlyInAnyOrderElementsOf(texts(results.get("requestsSent")));
    }

    /** Canceling answers at once (canceling, or ended if it was done); it ends with every request counted. */
    private static void assertBatchCanceled(JsonNode cancel) {
        assertThat(cancel.at("/answer/processingStatus").asText()).isIn("canceling", "ended");
        assertThat(cancel.at("/answer/cancelInitiatedAt").isNull()).isFalse();
        assertThat(cancel.at("/final/processingStatus").asText()).isEqualTo("ended");
        assertThat(counts(cancel.get("final"))).isEqualTo(cancel.get("requestsSent").asInt());
    }

    /** The API serves only downloadable files (made by a tool); what the upload said decides which answer is right. */
    private static void assertDownload(JsonNode download, int bytesSent) {
        if (download.get("downloadable").asBoolean(false)) {
            assertThat(download.get("equal").asBoolean()).as(download.toString()).isTrue();
            assertThat(download.get("length").asInt()).isEqualTo(bytesSent);
        } else {
            assertError(download.get("error"), "FileNotDownloadableError", 400, "invalid_request_error");
        }
    }

    private static int counts(JsonNode batch) {
        int sum = 0;
        for (JsonNode n : batch.get("requestCounts")) {
            sum += n.asInt();
        }
        return sum;
    }

    private static void assertError(JsonNode error, String name, int status, String type) {
        assertThat(error.get("name").asText()).as(error.toString()).isEqualTo(name);
        assertThat(error.get("status").asInt()).as(error.toString()).isEqualTo(status);
        assertThat(error.get("type").asText()).as(error.toString()).isEqualTo(type);
        assertThat(error.get("requestId").asText()).as(error.toString()).startsWith("req_");
    }

    /** A section that ran; one that threw fails here with what the SDK said. */
    private static JsonNode section(JsonNode out, String name) {
        JsonNode s = out.get(name);
        assertThat(s).as("section %s missing from %s", name, out).isNotNull();
        assertThat(s.has("failed")).as("section %s failed: %s", name, s).isFalse();
        return s;
    }

    /** messages.mjs runs once for all the tests that read its sections. */
    private static synchronized JsonNode messages() throws Exception {
        if (messages == null) {
            messages = run("messages.mjs", harness.baseUrl(), Harness.CLIENT_KEY, MODEL, RATE_LIMITED);
        }
        return messages;
    }

    private static JsonNode run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return Json.mapper().readTree(run(command, 180));
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static List<String> flat(JsonNode pages) {
        List<String> list = new ArrayList<>();
        pages.forEach(page -> list.addAll(texts(page)));
        return list;
    }

    /** npm ci into target/, skipped when this lock file was installed there completely. */
    private static void install() throws Exception {
        Files.createDirectories(WORK);
        byte[] lock = Files.readAllBytes(SOURCE.resolve("package-lock.json"));
        Path installed = WORK.resolve("installed-lock.json"); // written last: a failed install is redone
        boolean current = Files.exists(installed) && java.util.Arrays.equals(Files.readAllBytes(installed), lock);
        for (String file : SCRIPTS) {
            Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!current) {
            for (String file : List.of("package.json", "package-lock.json")) {
                Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), 300);
            Files.write(installed, lock);
        }
    }

    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        return NodeCommands.lastLine(WORK, command, seconds);
    }
}
