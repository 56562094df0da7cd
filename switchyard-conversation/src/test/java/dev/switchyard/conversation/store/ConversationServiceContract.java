package dev.switchyard.conversation.store;

import dev.switchyard.testkit.MutableClock;
import static dev.switchyard.conversation.store.TestShards.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationPage;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.conversation.UserProfile;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service's behaviour, the same on sharded PostgreSQL and on the embedded H2. */
abstract class ConversationServiceContract {
    static final Instant START = Instant.parse("2026-03-01T10:00:00.123456789Z");
    static Vertx vertx;

    TestShards shards;
    MutableClock clock;
    JdbcConversationService service;

    abstract ConversationConfig config(TestShards shards) throws Exception;

    abstract boolean isPostgres();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        await(vertx.close());
    }

    @BeforeEach
    void open() throws Exception {
        shards = new TestShards();
        clock = new MutableClock(START);
        service = await(JdbcConversationService.start(vertx, config(shards), clock));
    }

    @AfterEach
    void close() throws Exception {
        if (service != null) {
            service.close();
        }
        shards.close();
    }

    @Test
    void create_appendUserAndAssistant_readsBackInOrderThenDeletes() throws Exception {
        Conversation created = await(service.create("t1", "alice", "Trip"));
        clock.advance(Duration.ofSeconds(5));

        List<StoredMessage> appended = await(service.append(ConversationScope.tenant("t1"), created.id(),
                List.of(new NewMessage("user", "\"hi\""), new NewMessage("assistant", "[{\"type\":\"text\",\"text\":\"hello\"}]"))));
        clock.advance(Duration.ofSeconds(5));
        List<StoredMessage> more = await(service.append(ConversationScope.tenant("t1"), created.id(), List.of(new NewMessage("user", "\"again\""))));

        assertThat(appended).extracting(StoredMessage::seq).containsExactly(1, 2);
        assertThat(more).extracting(StoredMessage::seq).containsExactly(3);
        assertThat(await(service.messages(ConversationScope.tenant("t1"), created.id())))
                .extracting(StoredMessage::seq, StoredMessage::role, StoredMessage::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "user", "\"hi\""),
                        org.assertj.core.groups.Tuple.tuple(2, "assistant", "[{\"type\":\"text\",\"text\":\"hello\"}]"),
                        org.assertj.core.groups.Tuple.tuple(3, "user", "\"again\""));
        Conversation read = await(service.get(ConversationScope.tenant("t1"), created.id()));
        assertThat(read.title()).isEqualTo("Trip");
        assertThat(read.userId()).isEqualTo("alice");
        assertThat(read.messageCount()).isEqualTo(3);
        assertThat(read.createdAt()).isEqualTo(created.createdAt());
        assertThat(read.updatedAt()).isEqualTo(START.plusSeconds(10).truncatedTo(java.time.temporal.ChronoUnit.MICROS));

        await(service.delete(ConversationScope.tenant("t1"), created.id()));

        assertNotFound(() -> await(service.get(ConversationScope.tenant("t1"), created.id())));
        assertNotFound(() -> await(service.messages(ConversationScope.tenant("t1"), created.id())));
        assertNotFound(() -> await(service.delete(ConversationScope.tenant("t1"), created.id())));
        assertThat(await(service.list("t1", "alice", 10, null)).data()).isEmpty();
    }

    @Test
    void list_manyConversations_newestUpdatedFirstAcrossPages() throws Exception {
        List<Conversation> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(await(service.create("t1", "bob", "c" + i)));
            clock.advance(Duration.ofSeconds(1));
        }
        // Three more at one instant: the id breaks the tie, and no page may repeat or skip one.
        for (int i = 5; i < 8; i++) {
            created.add(await(service.create("t1", "bob", "c" + i)));
        }
        clock.advance(Duration.ofSeconds(1));
        await(service.append(ConversationScope.tenant("t1"), created.get(0).id(), List.of(new NewMessage("user", "\"bump\""))));

        List<String> seen = new ArrayList<>();
        List<Conversation> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ConversationPage page = await(service.list("t1", "bob", 3, cursor));
            page.data().forEach(c -> seen.add(c.title()));
            all.addAll(page.data());
            cursor = page.next();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(8).doesNotHaveDuplicates();
        assertThat(seen.get(0)).isEqualTo("c0");
        assertThat(seen.subList(1, 4)).containsExactlyInAnyOrder("c5", "c6", "c7");
        assertThat(seen.subList(4, 8)).containsExactly("c4", "c3", "c2", "c1");
        assertThat(all).extracting(Conversation::updatedAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void list_badCursor_invalidRequest() {
        assertThatThrownBy(() -> await(service.list("t1", "bob", 10, "not a cursor!")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST));
    }

    @Test
    void everyCall_otherTenantsConversation_isNotFoundAndUntouched() throws Exception {
        Conversation mine = await(service.create("tenant-a", "carol", "mine"));
        await(service.append(ConversationScope.tenant("tenant-a"), mine.id(), List.of(new NewMessage("user", "\"secret\""))));

        assertNotFound(() -> await(service.get(ConversationScope.tenant("tenant-b"), mine.id())));
        assertNotFound(() -> await(service.messages(ConversationScope.tenant("tenant-b"), mine.id())));
        assertNotFound(() -> await(service.append(ConversationScope.tenant("tenant-b"), mine.id(), List.of(new NewMessage("user", "\"x\"")))));
        assertNotFound(() -> await(service.delete(ConversationScope.tenant("tenant-b"), mine.id())));
        await(service.create("tenant-b", "carol", "theirs"));

        assertThat(await(service.list("tenant-b", "carol", 10, null)).data())
                .extracting(Conversation::title).containsExactly("theirs");
        assertThat(await(service.list("tenant-a", "carol", 10, null)).data())
                .extracting(Conversation::title).containsExactly("mine");
        assertThat(await(service.messages(ConversationScope.tenant("tenant-a"), mine.id()))).hasSize(1);
    }

    @Test
    void everyCall_otherUsersConversationInAUserScope_isNotFoundAndUntouched() throws Exception {
        Conversation adas = await(service.create("acme", "ada", "ada's"));
        await(service.append(ConversationScope.user("acme", "ada"), adas.id(), List.of(new NewMessage("user", "\"mine\""))));
        ConversationScope bob = ConversationScope.user("acme", "bob");

        assertNotFound(() -> await(service.get(bob, adas.id())));
        assertNotFound(() -> await(service.messages(bob, adas.id())));
        assertNotFound(() -> await(service.append(bob, adas.id(), List.of(new NewMessage("user", "\"x\"")))));
        assertNotFound(() -> await(service.delete(bob, adas.id())));

        assertThat(await(service.messages(ConversationScope.user("acme", "ada"), adas.id()))).hasSize(1);
        assertThat(await(service.get(ConversationScope.tenant("acme"), adas.id())).messageCount())
                .as("a scope without a user is tenant-wide").isEqualTo(1);
        await(service.delete(ConversationScope.tenant("acme"), adas.id()));
        assertNotFound(() -> await(service.get(ConversationScope.user("acme", "ada"), adas.id())));
    }

    @Test
    void get_malformedOrUnknownId_notFound() throws Exception {
        Conversation real = await(service.create("t1", "dave", null));
        String unknown = real.id().substring(0, real.id().length() - 4) + "0000";

        assertNotFound(() -> await(service.get(ConversationScope.tenant("t1"), "conv_nothex")));
        assertNotFound(() -> await(service.get(ConversationScope.tenant("t1"), "not-an-id")));
        assertNotFound(() -> await(service.get(ConversationScope.tenant("t1"), unknown.equals(real.id()) ? unknown.replace("0000", "1111") : unknown)));
    }

    @Test
    void append_concurrentToOneConversation_contiguousWithoutLossOrDuplicates() throws Exception {
        Conversation conversation = await(service.create("t1", "erin", "busy"));
        List<Future<List<StoredMessage>>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            calls.add(service.append(ConversationScope.tenant("t1"), conversation.id(),
                    List.of(new NewMessage("user", "\"q" + i + "\""), new NewMessage("assistant", "\"a" + i + "\""))));
        }
        for (Future<List<StoredMessage>> call : calls) {
            List<StoredMessage> pair = await(call);
            assertThat(pair.get(1).seq()).isEqualTo(pair.get(0).seq() + 1);
        }

        List<StoredMessage> messages = await(service.messages(ConversationScope.tenant("t1"), conversation.id()));
        assertThat(messages).extracting(StoredMessage::seq)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 120).boxed().toList());
        assertThat(messages).extracting(StoredMessage::content).doesNotHaveDuplicates().hasSize(120);
        assertThat(await(service.get(ConversationScope.tenant("t1"), conversation.id())).messageCount()).isEqualTo(120);
    }

    @Test
    void profile_putTwice_getReturnsTheLatest() throws Exception {
        assertNotFound(() -> await(service.profile("t1", "frank")));

        await(service.putProfile("t1", "frank", "{\"tone\":\"brief\"}"));
        clock.advance(Duration.ofMinutes(1));
        await(service.putProfile("t1", "frank", "{\"tone\":\"chatty\"}"));

        UserProfile profile = await(service.profile("t1", "frank"));
        assertThat(profile.data()).isEqualTo("{\"tone\":\"chatty\"}");
        assertThat(profile.updatedAt()).isEqualTo(START.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertNotFound(() -> await(service.profile("t2", "frank")));
        assertThatThrownBy(() -> await(service.putProfile("t1", "frank", "[1, 2")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST));
    }

    @Test
    void profilePatch_mergesMembers_nullDeletes_andStampsTheTime() throws Exception {
        await(service.putProfile("t1", "grace", "{\"tone\":\"brief\",\"lang\":\"fr\",\"prefs\":{\"a\":1,\"b\":2}}"));
        clock.advance(Duration.ofMinutes(2));

        UserProfile patched = await(service.patchProfile("t1", "grace",
                "{\"lang\":null,\"prefs\":{\"b\":null,\"c\":3},\"new\":[1]}"));

        String expected = "{\"tone\":\"brief\",\"prefs\":{\"a\":1,\"c\":3},\"new\":[1]}";
        assertThat(patched.data()).isEqualTo(expected);
        assertThat(patched.updatedAt()).isEqualTo(START.plusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(await(service.profile("t1", "grace")).data()).isEqualTo(expected);
        assertNotFound(() -> await(service.profile("t2", "grace")));
    }

    @Test
    void profilePatch_noProfileYet_startsFromAnEmptyObject() throws Exception {
        assertThat(await(service.patchProfile("t1", "henry", "{\"tone\":\"brief\",\"gone\":null}")).data())
                .isEqualTo("{\"tone\":\"brief\"}");
        assertThat(await(service.profile("t1", "henry")).data()).isEqualTo("{\"tone\":\"brief\"}");
    }

    @Test
    void profileOverTheLimit_isRequestTooLarge_andLeavesTheStoredProfileAlone() throws Exception {
        String big = "\"" + "x".repeat(ConversationConfig.DEFAULT_MAX_PROFILE_BYTES) + "\"";
        await(service.putProfile("t1", "ivy", "{\"tone\":\"brief\"}"));

        assertThatThrownBy(() -> await(service.putProfile("t1", "ivy", "{\"a\":" + big + "}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.REQUEST_TOO_LARGE));
        assertThatThrownBy(() -> await(service.patchProfile("t1", "ivy", "{\"a\":" + big + "}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.REQUEST_TOO_LARGE));
        assertThatThrownBy(() -> await(service.patchProfile("t1", "jack", "{\"a\":" + big + "}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.REQUEST_TOO_LARGE));

        assertThat(await(service.profile("t1", "ivy")).data()).isEqualTo("{\"tone\":\"brief\"}");
        assertNotFound(() -> await(service.profile("t1", "jack")));
        assertThatThrownBy(() -> await(service.patchProfile("t1", "ivy", "[1]")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST));
    }

    @Test
    void profilePatch_manyAtOnce_loseNoMember() throws Exception {
        List<Future<UserProfile>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(service.patchProfile("t1", "kate", "{\"m" + i + "\":" + i + "}"));
        }
        for (Future<UserProfile> call : calls) {
            await(call);
        }

        JsonNode profile = Json.mapper().readTree(await(service.profile("t1", "kate")).data());
        assertThat(profile.size()).isEqualTo(40);
        for (int i = 0; i < 40; i++) {
            assertThat(profile.path("m" + i).asInt(-1)).isEqualTo(i);
        }
    }

    @Test
    void shardStats_afterWrites_matchWhatWasWritten() throws Exception {
        Map<String, Long> conversationsPerShard = new HashMap<>();
        long messages = 0;
        long contentBytes = 0;
        
        for (int user = 0; user < 12; user++) {
            for (int c = 0; c <= user % 3; c++) {
                Conversation conversation = await(service.create("t1", "user-" + user, "c"));
                conversationsPerShard.merge(service.shardOf(conversation.id()), 1L, Long::sum);
                String content = "\"héllo " + user + "/" + c + "\"";
                await(service.append(ConversationScope.tenant("t1"), conversation.id(), List.of(new NewMessage("user", content))));
                messages++;
                contentBytes += content.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        clock.advance(Duration.ofHours(1));
        await(service.putProfile("t1", "profile-only", "{}"));

        List<ShardStats> stats = await(service.shardStats());

        assertThat(stats).extracting(ShardStats::shard).containsExactlyElementsOf(service.shards());
        for (ShardStats shard : stats) {
            assertThat(shard.conversations()).isEqualTo(conversationsPerShard.getOrDefault(shard.shard(), 0L));
            // PostgreSQL: at least a page per table and index; H2: the file is at least the content written.
            assertThat(shard.bytesOnDisk()).isGreaterThan(isPostgres() ? 8_192 : contentBytes);
        }
        assertThat(stats.stream().mapToLong(ShardStats::conversations).sum()).isEqualTo(24);
        assertThat(stats.stream().mapToLong(ShardStats::messages).sum()).isEqualTo(messages);
        assertThat(stats.stream().mapToLong(ShardStats::users).sum()).isEqualTo(13);
        assertThat(stats).extracting(ShardStats::lastWriteAt).filteredOn(java.util.Objects::nonNull)
                .contains(START.plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MICROS))
                .allSatisfy(t -> assertThat(t).isBeforeOrEqualTo(START.plus(Duration.ofHours(1))));
    }

    static void assertNotFound(ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.NOT_FOUND));
    }
}
