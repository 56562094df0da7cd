package dev.switchyard.conversation.store;

import static dev.switchyard.conversation.store.TestShards.await;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.conversation.StoredMessage;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.ring.HashRing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where rows land on three PostgreSQL shards, checked in the schemas themselves. */
class ShardingPostgresTest {
    static Vertx vertx;
    static TestShards shards;
    static ConversationConfig config;
    static JdbcConversationService service;

    @BeforeAll
    static void open() throws Exception {
        vertx = Vertx.vertx();
        shards = new TestShards();
        config = shards.postgresConfig(3);
        service = await(JdbcConversationService.start(vertx, config, Clock.systemUTC()));
    }

    @AfterAll
    static void close() throws Exception {
        service.close();
        shards.close();
        await(vertx.close());
    }

    @Test
    void create_manyForOneUser_allRowsOnTheOneShardTheRingNames() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(await(service.create("acme", "user-one", "c" + i)).id());
        }
        String expected = testRing().nodeAt(HashRing.hash("acme/user-one"));

        for (ConversationConfig.Shard shard : config.shards()) {
            Set<String> stored = idsOf(shard, "acme", "user-one");
            assertThat(stored).isEqualTo(shard.name().equals(expected) ? new HashSet<>(ids) : Set.of());
        }
        assertThat(ids).allSatisfy(id -> assertThat(service.shardOf(id)).isEqualTo(expected));
    }

    @Test
    void shardOf_idNeverStored_resolvesFromTheIdAlone() {
        // No row exists for this id: the answer can only come from the position the id carries.
        long position = HashRing.hash("acme/someone-else");
        String id = ShardKey.newConversationId(position);

        assertThat(id).matches("conv_[0-9a-f]{32}");
        assertThat(ShardKey.positionOf(id)).isEqualTo(position);
        assertThat(service.shardOf(id)).isEqualTo(testRing().nodeAt(position));
    }

    @Test
    void create_oneConversationEachForManyUsers_spreadsRoughlyEvenly() throws Exception {
        List<Future<Conversation>> creates = new ArrayList<>();
        for (int user = 0; user < 900; user++) {
            creates.add(service.create("spread", "u" + user, null));
        }
        for (Future<Conversation> create : creates) {
            await(create);
        }

        for (ConversationConfig.Shard shard : config.shards()) {
            int count = countTenant(shard, "spread");
            assertThat(count).as(shard.name()).isBetween(200, 400);
        }
    }

    @Test
    void append_fromTheEventLoopWhileTheRowIsLockedElsewhere_loopKeepsRunning() throws Exception {
        Conversation conversation = await(service.create("acme", "locked-user", null));
        ConversationConfig.Shard shard = config.shards().stream()
                .filter(s -> s.name().equals(service.shardOf(conversation.id()))).findFirst().orElseThrow();
        AtomicReference<Future<List<StoredMessage>>> append = new AtomicReference<>();
        try (Connection holder = TestShards.connect(shard)) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM conversations WHERE id = ? FOR UPDATE")) {
                lock.setString(1, conversation.id());
                lock.executeQuery().close();
            }
            AtomicInteger ticks = new AtomicInteger();
            AtomicLong callNanos = new AtomicLong();
            vertx.runOnContext(v -> {
                long start = System.nanoTime();
                append.set(service.append(ConversationScope.tenant("acme"), conversation.id(), List.of(new NewMessage("user", "\"x\""))));
                callNanos.set(System.nanoTime() - start);
                vertx.setPeriodic(20, id -> ticks.incrementAndGet());
            });

            await().atMost(Duration.ofSeconds(5)).until(() -> ticks.get() >= 10);
            assertThat(append.get().isComplete()).isFalse();
            assertThat(callNanos.get()).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
            holder.commit();
        }
        assertThat(TestShards.await(append.get())).extracting(StoredMessage::seq).containsExactly(1);
    }

    static HashRing<String> testRing() {
        Map<String, String> names = new LinkedHashMap<>();
        config.shards().forEach(shard -> names.put(shard.name(), shard.name()));
        return HashRing.of(names, 100);
    }

    private static Set<String> idsOf(ConversationConfig.Shard shard, String tenant, String user) throws Exception {
        try (Connection connection = TestShards.connect(shard); PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM conversations WHERE tenant_id = ? AND user_id = ?")) {
            select.setString(1, tenant);
            select.setString(2, user);
            Set<String> ids = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    private static int countTenant(ConversationConfig.Shard shard, String tenant) throws Exception {
        try (Connection connection = TestShards.connect(shard); PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM conversations WHERE tenant_id = ?")) {
            select.setString(1, tenant);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
