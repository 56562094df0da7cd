package dev.switchyard.cluster.conversation;

import static dev.switchyard.cluster.OneRoleLoopback.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.cluster.OneRoleLoopback;
import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationPage;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.conversation.UserProfile;
import dev.switchyard.conversation.store.JdbcConversationService;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.testkit.MutableClock;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversation role over a real hop: the real JDBC service on H2 behind a role server on loopback. */
class RemoteConversationServiceTest {
    private static final ConversationScope T1 = ConversationScope.tenant("t1");

    @TempDir
    Path dir;
    private Vertx serving;
    private JdbcConversationService local;
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00.123456Z"));
    private OneRoleLoopback loopback;
    private RemoteConversationService remote;

    @BeforeEach
    void start() throws Exception {
        serving = Vertx.vertx();
        local = await(JdbcConversationService.start(serving,
                ConversationConfig.embedded(StoreConfig.embedded(dir)), clock));
        loopback = new OneRoleLoopback("conversation", new ConversationEndpoint(new SeenRecorder(local, seen)).routes());
        remote = new RemoteConversationService(loopback.client());
    }

    @AfterEach
    void stop() throws Exception {
        loopback.close();
        local.close();
        await(serving.close());
    }

    @Test
    void createGetAppendMessagesListDelete_overTheHop_sameAsInProcess() throws Exception {
        Conversation created = await(remote.create("t1", "alice", "Trip"));
        clock.advance(Duration.ofSeconds(5));
        List<StoredMessage> appended = await(remote.append(T1, created.id(), List.of(
                new NewMessage("user", "\"hi\""), new NewMessage("assistant", "[{\"type\":\"text\",\"text\":\"hello\"}]"))));

        assertThat(created.title()).isEqualTo("Trip");
        assertThat(appended).extracting(StoredMessage::seq).containsExactly(1, 2);
        assertThat(await(remote.messages(T1, created.id()))).isEqualTo(await(local.messages(T1, created.id())))
                .isEqualTo(appended);
        Conversation got = await(remote.get(ConversationScope.user("t1", "alice"), created.id()));
        assertThat(got).isEqualTo(await(local.get(T1, created.id())));
        assertThat(got.messageCount()).isEqualTo(2);
        assertThat(got.updatedAt()).isAfter(got.createdAt());

        await(remote.delete(T1, created.id()));

        assertNotFound(() -> await(local.get(T1, created.id())));
        assertThat(await(remote.list("t1", "alice", 10, null)).data()).isEmpty();
    }

    @Test
    void list_pages_cursorsTravelBothWays() throws Exception {
        for (int i = 0; i < 3; i++) {
            await(remote.create("t1", "bob", "c" + i));
            clock.advance(Duration.ofSeconds(1));
        }

        ConversationPage first = await(remote.list("t1", "bob", 2, null));
        ConversationPage second = await(remote.list("t1", "bob", 2, first.next()));

        assertThat(first).isEqualTo(await(local.list("t1", "bob", 2, null)));
        assertThat(first.data()).extracting(Conversation::title).containsExactly("c2", "c1");
        assertThat(second.data()).extracting(Conversation::title).containsExactly("c0");
        assertThat(second.next()).isNull();
        assertThatThrownBy(() -> await(remote.list("t1", "bob", 2, "not-a-cursor")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST));
    }

    @Test
    void everyScopedCall_outsideTheScope_isNotFoundAcrossTheHop() throws Exception {
        Conversation theirs = await(remote.create("t1", "carol", "private"));
        ConversationScope other = ConversationScope.user("t1", "mallory");

        assertNotFound(() -> await(remote.get(other, theirs.id())));
        assertNotFound(() -> await(remote.messages(other, theirs.id())));
        assertNotFound(() -> await(remote.append(other, theirs.id(), List.of(new NewMessage("user", "\"x\"")))));
        assertNotFound(() -> await(remote.delete(ConversationScope.tenant("t2"), theirs.id())));
        assertThat(await(local.get(T1, theirs.id())).messageCount()).isZero();
    }

    @Test
    void profiles_putPatchGet_overTheHop_errorsKeepTheirType() throws Exception {
        assertNotFound(() -> await(remote.profile("t1", "frank")));

        UserProfile put = await(remote.putProfile("t1", "frank", "{\"tone\":\"brief\",\"lang\":\"fr\"}"));
        clock.advance(Duration.ofMinutes(1));
        UserProfile patched = await(remote.patchProfile("t1", "frank", "{\"lang\":null,\"x\":1}"));

        assertThat(put.data()).isEqualTo("{\"tone\":\"brief\",\"lang\":\"fr\"}");
        assertThat(patched.data()).isEqualTo("{\"tone\":\"brief\",\"x\":1}");
        assertThat(await(remote.profile("t1", "frank"))).isEqualTo(await(local.profile("t1", "frank")))
                .isEqualTo(patched);
        assertThatThrownBy(() -> await(remote.putProfile("t1", "frank", "[1, 2")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST));
        String big = "{\"a\":\"" + "x".repeat(ConversationConfig.DEFAULT_MAX_PROFILE_BYTES) + "\"}";
        assertThatThrownBy(() -> await(remote.patchProfile("t1", "frank", big)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.REQUEST_TOO_LARGE);
                    assertThat(e.status()).isEqualTo(413);
                });
    }

    @Test
    void userSeen_firedAndForgotten_reachesTheRole() {
        remote.userSeen("t1", "gina");

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("t1/gina"));
    }

    @Test
    void roleDown_callsFailAsOverloaded_userSeenStillNeverThrows() throws Exception {
        loopback.stopServer();

        assertThatThrownBy(() -> await(remote.get(T1, "conv_0")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.OVERLOADED));
        remote.userSeen("t1", "gina");
        assertThat(seen).isEmpty();
    }

    private static void assertNotFound(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.NOT_FOUND);
            assertThat(e.status()).isEqualTo(404);
        });
    }

    /** The real service, with the users it was told it saw (its own userSeen does nothing). */
    private record SeenRecorder(ConversationService real, ConcurrentLinkedQueue<String> seen)
            implements ConversationService {
        @Override
        public io.vertx.core.Future<Conversation> create(String tenantId, String userId, String title) {
            return real.create(tenantId, userId, title);
        }

        @Override
        public io.vertx.core.Future<Conversation> get(ConversationScope scope, String conversationId) {
            return real.get(scope, conversationId);
        }

        @Override
        public io.vertx.core.Future<ConversationPage> list(String tenantId, String userId, int limit, String after) {
            return real.list(tenantId, userId, limit, after);
        }

        @Override
        public io.vertx.core.Future<Void> delete(ConversationScope scope, String conversationId) {
            return real.delete(scope, conversationId);
        }

        @Override
        public io.vertx.core.Future<List<StoredMessage>> messages(ConversationScope scope, String conversationId) {
            return real.messages(scope, conversationId);
        }

        @Override
        public io.vertx.core.Future<List<StoredMessage>> append(ConversationScope scope, String conversationId,
                List<NewMessage> messages) {
            return real.append(scope, conversationId, messages);
        }

        @Override
        public io.vertx.core.Future<UserProfile> profile(String tenantId, String userId) {
            return real.profile(tenantId, userId);
        }

        @Override
        public io.vertx.core.Future<UserProfile> putProfile(String tenantId, String userId, String json) {
            return real.putProfile(tenantId, userId, json);
        }

        @Override
        public io.vertx.core.Future<UserProfile> patchProfile(String tenantId, String userId, String mergePatch) {
            return real.patchProfile(tenantId, userId, mergePatch);
        }

        @Override
        public void userSeen(String tenantId, String userId) {
            seen.add(tenantId + "/" + userId);
        }
    }
}
