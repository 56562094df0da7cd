package dev.switchyard.conversation.store;

import static dev.switchyard.conversation.store.TestShards.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.conversation.Conversation;
import dev.switchyard.conversation.ConversationScope;
import dev.switchyard.conversation.NewMessage;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.ring.HashRing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Adding a fourth PostgreSQL shard to three that hold ~2,000 conversations of 500 users, while serving. */
class ReshardPostgresTest {
    static final int USERS = 500;
    static final int PER_USER = 4;

    Vertx vertx;
    TestShards shards;
    ConversationConfig config;
    ConversationConfig.Shard fourth;
    JdbcConversationService service;
    /** Every conversation id and how many messages it must have. */
    final Map<String, AtomicInteger> expectedMessages = new ConcurrentHashMap<>();
    final Map<String, String> profiles = new HashMap<>();

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        shards = new TestShards();
        config = shards.postgresConfig(3);
        fourth = shards.postgres(3);
        service = await(JdbcConversationService.start(vertx, config, Clock.systemUTC()));
        seed();
    }

    @AfterEach
    void close() throws Exception {
        service.close();
        shards.close();
        await(vertx.close());
    }

    @Test
    void addShard_whileServing_movesExactlyTheNewShardsShareAndLosesNothing() throws Exception {
        Map<String, AtomicInteger> original = Map.copyOf(expectedMessages);
        Traffic traffic = new Traffic();
        traffic.start();

        ReshardReport report = await(service.addShard(fourth));
        traffic.stop();

        assertThat(traffic.failures).isEmpty();
        // How many fit in the move depends on the machine's speed (15 seen on a loaded one); a few suffice
        // to show reads, appends and creates went on while rows moved.
        assertThat(traffic.duringMove.get()).as("calls that overlapped the move").isGreaterThanOrEqualTo(5);
        HashRing<String> newRing = ring(4);
        long movedOriginals = original.keySet().stream()
                .filter(id -> newRing.nodeAt(ShardKey.positionOf(id)).equals("shard-3")).count();
        assertThat((double) movedOriginals / original.size()).isBetween(0.25 * 0.6, 0.25 * 1.4);
        assertThat(report.newShard()).isEqualTo("shard-3");
        assertThat(report.moves()).extracting(ReshardReport.Move::from).containsExactly("shard-0", "shard-1", "shard-2");
        assertThat(report.moves()).allSatisfy(move -> assertThat(move.conversations()).isPositive());
        // New users created during the move may have been swept or created on the new shard directly.
        assertThat(report.conversations()).isBetween(movedOriginals, movedOriginals + traffic.created.size());
        assertThat(report.profiles()).isEqualTo(profiles.keySet().stream()
                .filter(user -> newRing.nodeAt(HashRing.hash("acme/" + user)).equals("shard-3")).count());

        assertEveryRowOnItsOwner(newRing);
        assertEverythingReadable();
        assertThat(service.shards()).containsExactly("shard-0", "shard-1", "shard-2", "shard-3");
    }

    @Test
    void addShard_again_movesNothing() throws Exception {
        await(service.addShard(fourth));

        ReshardReport again = await(service.addShard(fourth));

        assertThat(again.conversations()).isZero();
        assertThat(again.messages()).isZero();
        assertThat(again.profiles()).isZero();
        assertEveryRowOnItsOwner(ring(4));
    }

    @Test
    void start_afterReshardWithTheOldConfig_usesTheRegisteredFourShards() throws Exception {
        await(service.addShard(fourth));
        service.close();

        service = await(JdbcConversationService.start(vertx, config, Clock.systemUTC()));

        assertThat(service.shards()).containsExactly("shard-0", "shard-1", "shard-2", "shard-3");
        assertEverythingReadable();
        long total = await(service.shardStats()).stream().mapToLong(ShardStats::conversations).sum();
        assertThat(total).isEqualTo(expectedMessages.size());
    }

    @Test
    void start_afterAnInterruptedReshard_finishesItBeforeServing() throws Exception {
        service.close();
        interruptedReshard();

        service = await(JdbcConversationService.start(vertx, config, Clock.systemUTC()));

        assertThat(service.shards()).containsExactly("shard-0", "shard-1", "shard-2", "shard-3");
        assertEveryRowOnItsOwner(ring(4));
        assertEverythingReadable();
    }

    /**
     * What a crash mid-reshard leaves: the new shard registered as adding, one batch of shard-0's movers fully
     * moved (copied, moved out at the source), one of shard-1's copied but still at the source, a stale copy
     * of a shard-2 user who has since gained a message at the source, and a copy of a shard-2 user who has
     * since deleted every conversation (a ghost: it must not come back).
     */
    private void interruptedReshard() {
        ShardedConversationStore store = ShardedConversationStore.open(config, Clock.systemUTC());
        try (ShardStore target = ShardStore.open(fourth.name(), fourth.store())) {
            store.registry().put(fourth, 3, ShardRegistry.ADDING);
            HashRing<String> next = ring(4);
            List<ShardStore> sources = store.routing().ring().nodes().stream().toList();
            List<Long> moved = movers(sources.get(0), next);
            target.replace(moved, sources.get(0).read(moved));
            sources.get(0).moveOut(moved, fourth.name(), java.time.Instant.now());
            List<Long> copied = movers(sources.get(1), next);
            target.replace(copied, sources.get(1).read(copied));
            List<Long> stale = movers(sources.get(2), next).subList(0, 1);
            target.replace(stale, sources.get(2).read(stale));
            String conversation = sources.get(2).read(stale).conversations().get(0).id();
            store.append(ConversationScope.tenant("acme"), conversation, List.of(new NewMessage("user", "\"after the copy\"")));
            expectedMessages.get(conversation).incrementAndGet();
            List<Long> vanishing = movers(sources.get(2), next).stream()
                    .filter(p -> sources.get(2).read(List.of(p)).profiles().isEmpty()).skip(1).limit(1).toList();
            Rows ghost = sources.get(2).read(vanishing);
            target.replace(vanishing, ghost);
            for (Rows.ConversationRow row : ghost.conversations()) {
                store.delete(ConversationScope.tenant("acme"), row.id());
                expectedMessages.remove(row.id());
            }
            assertThat(ghost.conversations()).isNotEmpty();
        } finally {
            store.close();
        }
    }

    private static List<Long> movers(ShardStore source, HashRing<String> next) {
        return source.positions().stream().filter(p -> next.nodeAt(p).equals("shard-3")).limit(20).toList();
    }

    private void seed() throws Exception {
        List<Future<Conversation>> creates = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
            for (int c = 0; c < PER_USER; c++) {
                creates.add(service.create("acme", "user-" + user, "c" + c));
            }
        }
        List<Future<?>> appends = new ArrayList<>();
        for (Future<Conversation> create : creates) {
            String id = await(create).id();
            expectedMessages.put(id, new AtomicInteger(1));
            appends.add(service.append(ConversationScope.tenant("acme"), id, List.of(new NewMessage("user", "\"hello " + id + "\""))));
        }
        for (int user = 0; user < USERS; user += 5) {
            profiles.put("user-" + user, "{\"n\":" + user + "}");
            appends.add(service.putProfile("acme", "user-" + user, profiles.get("user-" + user)));
        }
        for (Future<?> append : appends) {
            await(append);
        }
    }

    private void assertEveryRowOnItsOwner(HashRing<String> ring) throws Exception {
        Map<String, Set<String>> expected = new HashMap<>();
        expectedMessages.keySet().forEach(id ->
                expected.computeIfAbsent(ring.nodeAt(ShardKey.positionOf(id)), s -> new HashSet<>()).add(id));
        long stored = 0;
        for (ConversationConfig.Shard shard : allShards()) {
            List<String> ids = column(shard, "SELECT id FROM conversations");
            assertThat(ids).as(shard.name()).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).as(shard.name()).isEqualTo(expected.getOrDefault(shard.name(), Set.of()));
            for (String user : column(shard, "SELECT user_id FROM user_profiles")) {
                assertThat(ring.nodeAt(HashRing.hash("acme/" + user))).isEqualTo(shard.name());
            }
            stored += ids.size();
        }
        assertThat(stored).isEqualTo(expectedMessages.size());
    }

    private void assertEverythingReadable() throws Exception {
        List<Future<?>> reads = new ArrayList<>();
        for (Map.Entry<String, AtomicInteger> entry : expectedMessages.entrySet()) {
            reads.add(service.messages(ConversationScope.tenant("acme"), entry.getKey()).onSuccess(messages ->
                    assertThat(messages).as(entry.getKey()).hasSize(entry.getValue().get())));
        }
        for (Map.Entry<String, String> profile : profiles.entrySet()) {
            reads.add(service.profile("acme", profile.getKey()).onSuccess(read ->
                    assertThat(read.data()).isEqualTo(profile.getValue())));
        }
        for (Future<?> read : reads) {
            await(read);
            assertThat(read.succeeded()).isTrue();
        }
        assertThat(await(service.list("acme", "user-7", 10, null)).data()).hasSize(PER_USER);
    }

    private List<ConversationConfig.Shard> allShards() {
        List<ConversationConfig.Shard> all = new ArrayList<>(config.shards());
        all.add(fourth);
        return all;
    }

    private static HashRing<String> ring(int size) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            names.put("shard-" + i, "shard-" + i);
        }
        return HashRing.of(names, 100);
    }

    private static List<String> column(ConversationConfig.Shard shard, String sql) throws Exception {
        try (Connection connection = TestShards.connect(shard); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    /** A client thread reading, appending and creating (new users) at random for as long as the move runs. */
    private final class Traffic {
        final Queue failures = new Queue();
        final List<String> created = new ArrayList<>();
        final AtomicInteger duringMove = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::run, "traffic");
        private final List<String> ids = new ArrayList<>(expectedMessages.keySet());

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        private void run() {
            int n = 0;
            while (running.get()) {
                String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                try {
                    await(service.get(ConversationScope.tenant("acme"), id));
                    await(service.append(ConversationScope.tenant("acme"), id, List.of(new NewMessage("assistant", "\"during " + n + "\""))));
                    expectedMessages.get(id).incrementAndGet();
                    if (n % 5 == 0) {
                        String fresh = await(service.create("acme", "late-" + n, "late")).id();
                        expectedMessages.put(fresh, new AtomicInteger(0));
                        created.add(fresh);
                    }
                    duringMove.incrementAndGet();
                } catch (Exception e) {
                    failures.add(id + ": " + e);
                }
                n++;
            }
        }
    }

    private static final class Queue extends ConcurrentLinkedQueue<String> {}
}
