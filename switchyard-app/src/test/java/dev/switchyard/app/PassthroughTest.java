package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.MultipartField;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.beta.files.BetaFileMetadata;
import com.anthropic.models.beta.files.FileUploadParams;
import com.anthropic.models.messages.batches.BatchCreateParams;
import com.anthropic.models.messages.batches.MessageBatch;
import com.anthropic.models.messages.batches.MessageBatchIndividualResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Message Batches, Files and other /v1 paths through the gateway, with virtual keys and the ledger in
 * PostgreSQL, two simulators as deployments, the official Java SDK as the client.
 */
class PassthroughTest {
    private static final String MODEL = "claude-sonnet-4-6";

    @TempDir
    Path dir;
    private AuthFixture fx;
    private Harness h;

    @BeforeEach
    void start() {
        fx = new AuthFixture();
        h = new Harness().deployment("d1", MODEL).deployment("d2", MODEL).auth(fx.config(1, dir));
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        fx.close();
    }

    private AnthropicClient sdk(String key) {
        return sdk(h.baseUrl(), key);
    }

    private static AnthropicClient sdk(String baseUrl, String key) {
        return AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private String key(String json) {
        return fx.createKey(h.baseUrl(), json).path("key").asText();
    }

    private static BatchCreateParams batch(String model, long maxTokens, String... ids) {
        BatchCreateParams.Builder b = BatchCreateParams.builder();
        for (String id : ids) {
            b.addRequest(BatchCreateParams.Request.builder().customId(id).params(BatchCreateParams.Request.Params
                    .builder().model(model).maxTokens(maxTokens).addUserMessage("Say something about " + id).build())
                    .build());
        }
        return b.build();
    }

    private long batchCalls(String deployment) {
        return h.sim(deployment).stats().requestsByKind().batches();
    }

    private MessageBatch ended(AnthropicClient client, String id) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.messages().batches().retrieve(id).processingStatus()
                        .equals(MessageBatch.ProcessingStatus.ENDED));
        return client.messages().batches().retrieve(id);
    }

    @Test
    void batch_createdThroughTheGateway_isServedByItsDeploymentAndItsResultsReachTheLedgerOnce() throws Exception {
        h.start();
        AnthropicClient client = sdk(key("{\"name\":\"batches\"}"));

        MessageBatch created = client.messages().batches().create(batch(MODEL, 50, "a", "b"));
        String home = batchCalls("d1") == 1 ? "d1" : "d2";
        String other = home.equals("d1") ? "d2" : "d1";
        MessageBatch done = ended(client, created.id());
        List<MessageBatchIndividualResponse> results;
        try (StreamResponse<MessageBatchIndividualResponse> stream = client.messages().batches()
                .resultsStreaming(created.id())) {
            results = stream.stream().toList();
        }
        try (StreamResponse<MessageBatchIndividualResponse> again = client.messages().batches()
                .resultsStreaming(created.id())) {
            assertThat(again.stream().count()).isEqualTo(2);
        }

        assertThat(batchCalls(other)).as("every call about the batch went to " + home).isZero();
        assertThat(done.resultsUrl()).hasValueSatisfying(url -> assertThat(url)
                .isEqualTo(h.baseUrl() + "/v1/messages/batches/" + created.id() + "/results"));
        assertThat(results).extracting(MessageBatchIndividualResponse::customId).containsExactly("a", "b");
        assertThat(results).allSatisfy(r -> assertThat(r.result().isSucceeded()).isTrue());
        long output = results.stream().mapToLong(r -> r.result().asSucceeded().message().usage().outputTokens()).sum();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.count("SELECT COUNT(*) FROM usage_records WHERE "
                + "request_id LIKE '" + created.id() + "/%' AND deployment = '" + home + "'") == 2);
        assertThat(fx.count("SELECT SUM(output_tokens) FROM usage_records WHERE request_id LIKE '"
                + created.id() + "/%'")).isEqualTo(output);
        Thread.sleep(300); // a second fetch's records would have been flushed by now (the ledger flushes every 50 ms)
        assertThat(fx.count("SELECT COUNT(*) FROM usage_records WHERE request_id LIKE '" + created.id() + "/%'"))
                .isEqualTo(2);
    }

    @Test
    void batch_cancelDeleteAndTheirErrors_throughTheJavaSdk() {
        h.start();
        AnthropicClient client = sdk(key("{\"name\":\"lifecycle\"}"));
        String[] many = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "r" + i).toArray(String[]::new);
        MessageBatch created = client.messages().batches().create(batch(MODEL, 10, many)); // ~0.5 s of work

        assertThatThrownBy(() -> client.messages().batches().delete(created.id()))
                .as("a batch in progress cannot be deleted").isInstanceOf(BadRequestException.class);
        MessageBatch canceled = client.messages().batches().cancel(created.id());
        assertThat(canceled.processingStatus()).isIn(MessageBatch.ProcessingStatus.CANCELING,
                MessageBatch.ProcessingStatus.ENDED);
        assertThat(ended(client, created.id()).requestCounts().canceled()).isPositive();
        assertThat(client.messages().batches().delete(created.id()).id()).isEqualTo(created.id());
        assertThatThrownBy(() -> client.messages().batches().retrieve(created.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.messages().batches().cancel("msgbatch_never_made"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.messages().batches().resultsStreaming("msgbatch_never_made").stream().count())
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void batch_ofAnotherTenant_isNotFoundAndNotListed() {
        h.start();
        fx.admin(h.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"other\"}", 201);
        AnthropicClient mine = sdk(key("{\"name\":\"mine\"}"));
        AnthropicClient theirs = sdk(key("{\"name\":\"theirs\",\"tenant_id\":\"other\"}"));

        MessageBatch created = mine.messages().batches().create(batch(MODEL, 20, "x"));

        assertThatThrownBy(() -> theirs.messages().batches().retrieve(created.id()))
                .isInstanceOf(NotFoundException.class);
        assertThat(theirs.messages().batches().list().data()).isEmpty();
        assertThat(mine.messages().batches().list().data()).extracting(MessageBatch::id).containsExactly(created.id());
    }

    @Test
    void batch_withAModelTheKeyMayNotUse_isRefusedBeforeAnyDeployment() {
        h.start();
        AnthropicClient client = sdk(key("{\"allowed_models\":[\"" + MODEL + "\"]}"));

        assertThatThrownBy(() -> client.messages().batches().create(batch("claude-opus-4-6", 20, "x")))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(batchCalls("d1") + batchCalls("d2")).isZero();
    }

    @Test
    void batch_overTheKeysRequestRate_isRateLimitedBeforeAnyDeployment() {
        h.start();
        AnthropicClient client = sdk(key("{\"limits\":{\"requests_per_minute\":1}}"));

        assertThat(client.messages().batches().create(batch(MODEL, 10, "a", "b", "c")).id()).startsWith("msgbatch_");
        assertThatThrownBy(() -> client.messages().batches().create(batch(MODEL, 10, "d")))
                .isInstanceOf(RateLimitException.class);
        assertThat(batchCalls("d1") + batchCalls("d2")).as("one batch, one request").isEqualTo(1);
    }

    @Test
    void batch_whoseWorstCaseExceedsTheKeysDailyBudget_isRefusedWith402() {
        h.start();
        AnthropicClient client = sdk(key("{\"limits\":{\"daily_budget_usd\":0.01}}"));

        // 2 x 4,000 output tokens of claude-sonnet-4-6 at half price: far above one cent
        assertThatThrownBy(() -> client.messages().batches().create(batch(MODEL, 4000, "a", "b")))
                .isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(402);
                    assertThat(e.getMessage()).contains("daily budget");
                });
        assertThat(batchCalls("d1") + batchCalls("d2")).isZero();
        assertThat(client.messages().batches().create(batch(MODEL, 20, "a")).id()).startsWith("msgbatch_");
    }

    @Test
    void batch_createdOnOneReplica_isServedByAnother() {
        h.start();
        String key = key("{\"name\":\"replicas\"}");
        MessageBatch created = sdk(key).messages().batches().create(batch(MODEL, 20, "x"));

        Switchyard replica = h.replica();

        assertThat(sdk(replica.baseUrl(), key).messages().batches().retrieve(created.id()).id())
                .isEqualTo(created.id());
    }

    @Test
    void batch_withConfigFileKeys_isRememberedInThisProcess() {
        try (Harness plain = new Harness().deployment("p1", MODEL).start()) {
            AnthropicClient client = sdk(plain.baseUrl(), Harness.CLIENT_KEY);

            MessageBatch created = client.messages().batches().create(batch(MODEL, 20, "x"));

            assertThat(client.messages().batches().retrieve(created.id()).id()).isEqualTo(created.id());
            assertThat(client.messages().batches().list().data()).extracting(MessageBatch::id)
                    .containsExactly(created.id());
        }
    }

    @Test
    void file_uploadListDownloadDelete_throughTheSdk() throws Exception {
        h.start();
        AnthropicClient client = sdk(key("{\"name\":\"files\"}"));
        byte[] bytes = "quarterly numbers, line 1\nline 2\n".getBytes(StandardCharsets.UTF_8);

        BetaFileMetadata uploaded = client.beta().files().upload(FileUploadParams.builder()
                .file(MultipartField.<InputStream>builder().value(new ByteArrayInputStream(bytes))
                        .filename("numbers.txt").contentType("text/plain").build()).build());
        byte[] downloaded;
        try (var response = client.beta().files().download(uploaded.id())) {
            downloaded = response.body().readAllBytes();
        }

        assertThat(uploaded.filename()).isEqualTo("numbers.txt");
        assertThat(uploaded.sizeBytes()).isEqualTo(bytes.length);
        assertThat(client.beta().files().retrieveMetadata(uploaded.id()).id()).isEqualTo(uploaded.id());
        assertThat(client.beta().files().list().data()).extracting(BetaFileMetadata::id).containsExactly(uploaded.id());
        assertThat(downloaded).isEqualTo(bytes);
        client.beta().files().delete(uploaded.id());
        assertThatThrownBy(() -> client.beta().files().retrieveMetadata(uploaded.id()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void batchAndFile_throughSeparateAuthAndClaudeRoles_workAsInOneProcess() throws Exception {
        h = new Harness().deployment("d1", MODEL).auth(fx.config(1, dir));
        Switchyard auth = h.process(java.util.Set.of("auth"), List.of());
        Switchyard claude = h.process(java.util.Set.of("claude"), List.of());
        Switchyard gateway = h.process(java.util.Set.of("gateway", "cache", "conversation", "filter", "translation"),
                List.of(Harness.peer("auth", auth), Harness.peer("claude", claude)));
        AnthropicClient client = sdk(gateway.baseUrl(), fx.createKey(gateway.baseUrl(), "{\"name\":\"split\"}")
                .path("key").asText());

        MessageBatch created = client.messages().batches().create(batch(MODEL, 20, "a"));
        ended(client, created.id());
        long succeeded;
        try (StreamResponse<MessageBatchIndividualResponse> stream = client.messages().batches()
                .resultsStreaming(created.id())) {
            succeeded = stream.stream().filter(r -> r.result().isSucceeded()).count();
        }
        byte[] bytes = "two hops".getBytes(StandardCharsets.UTF_8);
        BetaFileMetadata file = client.beta().files().upload(FileUploadParams.builder()
                .file(MultipartField.<InputStream>builder().value(new ByteArrayInputStream(bytes))
                        .filename("hops.txt").contentType("text/plain").build()).build());
        byte[] downloaded;
        try (var response = client.beta().files().download(file.id())) {
            downloaded = response.body().readAllBytes();
        }

        assertThat(succeeded).isEqualTo(1);
        assertThat(downloaded).isEqualTo(bytes);
        assertThat(fx.count("SELECT COUNT(*) FROM upstream_resources WHERE id IN ('" + created.id() + "', '"
                + file.id() + "')")).as("remembered in the auth role's store").isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.count("SELECT COUNT(*) FROM usage_records WHERE "
                + "request_id = '" + created.id() + "/a'") == 1);
    }

    private HttpResponse<String> complete(String key) {
        return RawHttp.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/complete"))
                .header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"prompt\":\"\\n\\nHuman: hi"
                        + "\\n\\nAssistant:\",\"max_tokens_to_sample\":20}")).build());
    }

    @Test
    void otherPath_passesThroughWithTheDeploymentsKeyAndIsRecorded() throws Exception {
        h.start();
        String key = key("{\"name\":\"legacy\"}");

        HttpResponse<String> r = complete(key);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"type\":\"completion\"");
        String requestId = r.headers().firstValue("request-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.count("SELECT COUNT(*) FROM usage_records WHERE "
                + "request_id = '" + requestId + "' AND status = 200 AND model_asked IS NULL") == 1);
    }

    /** Regression: the in-process limiter priced a call without a model and threw (500). */
    @Test
    void otherPath_withTheInProcessLimiter_passesThrough() throws Exception {
        h = new Harness().deployment("d1", MODEL).auth(fx.config(1, dir, null)).start();

        HttpResponse<String> r = complete(key("{\"name\":\"local\"}"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void otherPath_thatNoDeploymentsListAllows_isNotFound() {
        h.passthrough("d1", List.of("/v1/messages/batches", "/v1/files"))
                .passthrough("d2", List.of("/v1/messages/batches")).start();

        HttpResponse<String> r = complete(key("{\"name\":\"restricted\"}"));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("not_found_error").contains("/v1/complete");
        assertThat(h.sim("d1").stats().requestsByKind().other() + h.sim("d2").stats().requestsByKind().other())
                .isZero();
    }

    @Test
    void otherPath_withoutAKey_isRefusedBeforeAnyDeployment() {
        h.start();

        HttpResponse<String> r = complete("sk-sy-not-a-key");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(h.sim("d1").stats().requestsByKind().other() + h.sim("d2").stats().requestsByKind().other())
                .isZero();
    }
}
