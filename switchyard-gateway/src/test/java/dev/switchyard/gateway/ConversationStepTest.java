package dev.switchyard.gateway;

import static dev.switchyard.gateway.StepFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationPage;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.conversation.UserProfile;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConversationStepTest {
    static final ConversationScope SCOPE = ConversationScope.tenant("tenant-1");

    /** One conversation "c1" with two stored messages; appends wait for {@link #appended} when it is set. */
    static final class FakeConversations implements ConversationService {
        final List<List<NewMessage>> appends = new CopyOnWriteArrayList<>();
        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile Promise<List<StoredMessage>> appended;

        @Override
        public Future<Conversation> get(ConversationScope scope, String id) {
            return Future.succeededFuture(new Conversation(id, scope.tenantId(), "user-9", "t", 2, Instant.EPOCH,
                    Instant.EPOCH));
        }

        @Override
        public Future<List<StoredMessage>> messages(ConversationScope scope, String id) {
            return Future.succeededFuture(List.of(new StoredMessage(1, "user", "\"first question\"", Instant.EPOCH),
                    new StoredMessage(2, "assistant", "[{\"type\":\"text\",\"text\":\"first answer\"}]",
                            Instant.EPOCH)));
        }

        @Override
        public Future<List<StoredMessage>> append(ConversationScope scope, String id, List<NewMessage> messages) {
            appends.add(messages);
            return appended != null ? appended.future() : Future.succeededFuture(List.of());
        }

        @Override
        public void userSeen(String tenantId, String userId) {
            seen.add(tenantId + "/" + userId);
        }

        @Override
        public Future<Conversation> create(String tenantId, String userId, String title) {
            return Future.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public Future<ConversationPage> list(String tenantId, String userId, int limit, String after) {
            return Future.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public Future<Void> delete(ConversationScope scope, String id) {
            return Future.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public Future<UserProfile> profile(String tenantId, String userId) {
            return Future.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public Future<UserProfile> putProfile(String tenantId, String userId, String json) {
            return Future.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public Future<UserProfile> patchProfile(String tenantId, String userId, String mergePatch) {
            return Future.failedFuture(new UnsupportedOperationException());
        }
    }

    final FakeConversations conversations = new FakeConversations();
    final AtomicReference<ObjectNode> built = new AtomicReference<>();
    final AtomicReference<Buffer> raw = new AtomicReference<>();

    private ChainHarness harness(Principal principal, boolean turn, Step answer) throws Exception {
        ObjectNode request = json("{\"model\":\"" + MODEL + "\",\"max_tokens\":100,\"content\":\"new question\"}");
        return new ChainHarness(List.of(doing(ex -> {
            ex.put(AuthenticateStep.PRINCIPAL, principal);
            if (turn) {
                ex.put(ConversationStep.TURN, new ConversationStep.Turn(SCOPE, "c1", request,
                        request.get("content")));
            }
        }), new ConversationStep(conversations), doing(ex -> {
            built.set(ex.get(ParseStep.BUILT));
            raw.set(ex.get(ReadBodyStep.RAW_BODY));
        }), answer));
    }

    @Test
    void request_turn_historyPlusUserTurnBuiltIntoBuiltAndRawBody() throws Exception {
        try (ChainHarness h = harness(principal(), true, ChainTest.answering(false))) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.headers().firstValue("x-switchyard-conversation-id")).hasValue("c1");
            ObjectNode expected = json("{\"model\":\"" + MODEL + "\",\"max_tokens\":100,\"messages\":["
                    + "{\"role\":\"user\",\"content\":\"first question\"},"
                    + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"first answer\"}]},"
                    + "{\"role\":\"user\",\"content\":\"new question\"}]}");
            assertThat(built.get()).isEqualTo(expected);
            assertThat(json(raw.get().toString(StandardCharsets.UTF_8))).isEqualTo(expected);
            assertThat(conversations.seen).containsExactly("tenant-1/user-9");
        }
    }

    @Test
    void response_complete_replyAppendedWithTheUserTurn() throws Exception {
        try (ChainHarness h = harness(principal(), true, ChainTest.answering(true))) {
            h.post("{}");
            await().until(() -> h.statuses.size() == 1);

            assertThat(conversations.appends).singleElement().satisfies(both -> assertThat(both).containsExactly(
                    new NewMessage("user", "\"new question\""),
                    new NewMessage("assistant", "[{\"type\":\"text\",\"text\":\"Hello there\"}]")));
        }
    }

    @Test
    void response_userTurnRedactedByALaterStep_storedAsItWentUpstream() throws Exception {
        ObjectNode request = json("{\"model\":\"" + MODEL + "\",\"max_tokens\":100,"
                + "\"content\":\"mail jane@example.com\"}");
        Step redacting = doing(ex -> {
            ObjectNode body = ex.get(ParseStep.REQUEST).body().deepCopy();
            JsonNode messages = body.get("messages");
            ((ObjectNode) messages.get(messages.size() - 1)).put("content", "mail [EMAIL]");
            ParseStep.replace(ex, body);
        });
        try (ChainHarness h = new ChainHarness(List.of(doing(ex -> {
            ex.put(AuthenticateStep.PRINCIPAL, principal());
            ex.put(ConversationStep.TURN, new ConversationStep.Turn(SCOPE, "c1", request, request.get("content")));
        }), new ConversationStep(conversations), new ParseStep(true), redacting, ChainTest.answering(false)))) {
            h.post("{}");
            await().until(() -> h.statuses.size() == 1);

            assertThat(conversations.appends).singleElement().satisfies(both -> assertThat(both.get(0))
                    .isEqualTo(new NewMessage("user", "\"mail [EMAIL]\"")));
        }
    }

    @Test
    void response_endsOnlyAfterTheAppendCompleted() throws Exception {
        conversations.appended = Promise.promise();
        try (ChainHarness h = harness(principal(), true, ChainTest.answering(false))) {
            CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> {
                try {
                    return h.post("{}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().until(() -> conversations.appends.size() == 1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !pending.isDone());

            h.vertx.runOnContext(v -> conversations.appended.complete(List.of()));
            assertThat(pending.get(5, TimeUnit.SECONDS).body()).isEqualTo(ChainTest.MESSAGE);
        }
    }

    @Test
    void response_appendFails_clientStillGetsTheAnswer() throws Exception {
        conversations.appended = Promise.promise();
        conversations.appended.fail("database down");
        try (ChainHarness h = harness(principal(), true, ChainTest.answering(false))) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(ChainTest.MESSAGE);
        }
    }

    @Test
    void response_streamCut_nothingStored() throws Exception {
        Step cut = ex -> Future.succeededFuture(Response.events(pipeline -> {
            pipeline.emit(MessageEvents.of(WholeMessage.of(json(ChainTest.MESSAGE))).get(0));
            pipeline.flush();
            pipeline.fail(new ApiException(ErrorType.API, "upstream ended the stream before message_stop"));
        }, true));
        try (ChainHarness h = harness(principal(), true, cut)) {
            assertThat(h.post("{}").body()).contains("event: error");
            await().until(() -> h.statuses.size() == 1);

            assertThat(conversations.appends).isEmpty();
        }
    }

    @Test
    void request_noTurn_bodyUntouchedAndTheKeysUserMarkedSeen() throws Exception {
        Principal user = new Principal("key-1", "tenant-1", "user-5", null, Set.of(), Quota.UNLIMITED, Quota.UNLIMITED);
        try (ChainHarness h = harness(user, false, ChainTest.answering(false))) {
            h.post("{}");
            await().until(() -> h.statuses.size() == 1);

            assertThat(built.get()).isNull();
            assertThat(raw.get()).isNull();
            assertThat(conversations.seen).containsExactly("tenant-1/user-5");
            assertThat(conversations.appends).isEmpty();
        }
    }
}
