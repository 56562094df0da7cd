package dev.switchyard.conversation.store;

import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.ring.HashRing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Adds a shard to a serving store, moving only the users whose ring position the new shard takes over.
 *
 * <p>Concurrency design. Every store call holds its user's position lock shared while it routes and runs
 * ({@link KeyLocks}). The move goes in batches of positions; for each batch, holding those positions'
 * locks exclusive: copy the users' rows to the new shard (replacing any leftover of an interrupted run),
 * read them back and verify counts and a checksum, delete them from the old shard, then switch the
 * positions to the new shard in the {@link Routing}. Calls on those users wait for the batch (milliseconds),
 * calls on everyone else run on; a call never sees a half-moved user, because nothing routes while the
 * batch holds the lock, and before the switch the old shard is the only copy anyone reads. Deleting
 * before switching (both under the lock, so no one can tell the order) means a failed delete leaves the
 * old shard authoritative and the batch can simply be redone. Users that gain data on a moving position
 * during the move (new users) are caught by a final sweep that holds every lock, moves what is left and
 * swaps in the new ring; that pause is as short as the stragglers are few.
 *
 * <p>Durability. The new shard is recorded as {@code adding} in the registry before anything moves and
 * {@code active} after the sweep; a start that finds {@code adding} finishes the reshard first. The old
 * shard's delete commits together with a tombstone per moved user ({@code moved_positions}); that commit is
 * the move. Redoing is safe: users still on an old shard are re-copied over whatever the new shard holds
 * for them (the old shard is the only authority until its delete commits), users already moved are not seen
 * again, and rows on the new shard with no tombstone behind them (a copy whose user then vanished) are
 * dropped in the final sweep. Running again after completion moves nothing. One process must own the store while resharding:
 * the locks are in memory.
 */
final class Resharder {
    static final int BATCH_POSITIONS = 100;

    private final ShardedConversationStore store;
    private final int batchPositions;

    Resharder(ShardedConversationStore store) {
        this(store, BATCH_POSITIONS);
    }

    Resharder(ShardedConversationStore store, int batchPositions) {
        this.store = store;
        this.batchPositions = batchPositions;
    }

    /** Moves the new shard's share of every user to it and makes it a member of the ring. */
    ReshardReport addShard(ShardStore target) {
        synchronized (store) {
            Routing routing = begin(target);
            ShardStore into = member(routing.next(), target.name());
            List<ShardStore> sources = routing.ring().nodes().stream().filter(shard -> shard != into).toList();
            Map<String, long[]> moved = new LinkedHashMap<>();
            for (ShardStore source : sources) {
                moveFrom(source, into, routing, moved, false);
            }
            boolean joining = !routing.ring().names().contains(into.name());
            store.locks().exclusiveAll(() -> {
                for (ShardStore source : sources) {
                    moveFrom(source, into, routing, moved, true);
                }
                if (joining) {
                    dropLeftovers(sources, into, routing);
                }
                store.registry().put(asShard(into), routing.next().size() - 1, ShardRegistry.ACTIVE);
                store.route(Routing.of(routing.next()));
                return null;
            });
            // Best effort: a tombstone that survives names a shard already in the ring and is never read again.
            sources.forEach(source -> source.clearMovedOut(into.name()));
            List<ReshardReport.Move> moves = new ArrayList<>();
            moved.forEach((from, n) -> moves.add(new ReshardReport.Move(from, n[0], n[1], n[2])));
            return new ReshardReport(into.name(), moves);
        }
    }

    /**
     * Starts routing through the ring with the new shard, resumes a reshard this process left unfinished, or,
     * for a shard already in the ring, returns a routing that re-checks the other shards without rerouting.
     */
    private Routing begin(ShardStore target) {
        Routing current = store.routing();
        if (current.isResharding()) {
            if (!current.next().names().contains(target.name())) {
                target.close();
                throw new IllegalStateException("a reshard adding " + newName(current) + " is unfinished; run it"
                        + " again before adding " + target.name());
            }
            closeIfDuplicate(current.next(), target);
            return current;
        }
        if (current.ring().names().contains(target.name())) {
            closeIfDuplicate(current.ring(), target);
            return new Routing(current.ring(), current.ring(), ConcurrentHashMap.newKeySet());
        }
        store.registry().put(asShard(target), current.ring().size(), ShardRegistry.ADDING);
        Routing resharding = current.resharding(current.ring().with(target.name(), target));
        store.route(resharding);
        return resharding;
    }

    private static void closeIfDuplicate(HashRing<ShardStore> ring, ShardStore target) {
        if (member(ring, target.name()) != target) {
            target.close();
        }
    }

    private void moveFrom(ShardStore source, ShardStore target, Routing routing, Map<String, long[]> moved,
            boolean locked) {
        List<Long> positions = source.positions().stream()
                .filter(position -> routing.next().nodeAt(position) == target)
                .toList();
        long[] totals = moved.computeIfAbsent(source.name(), name -> new long[3]);
        for (int from = 0; from < positions.size(); from += batchPositions) {
            List<Long> batch = positions.subList(from, Math.min(positions.size(), from + batchPositions));
            Supplier<Rows> move = () -> moveBatch(source, target, batch, routing);
            Rows rows = locked ? move.get() : store.locks().exclusive(batch, move);
            totals[0] += rows.conversations().size();
            totals[1] += rows.messages().size();
            totals[2] += rows.profiles().size();
        }
    }

    /** Copy, verify, delete, switch: the caller holds the batch's locks exclusive. */
    private Rows moveBatch(ShardStore source, ShardStore target, List<Long> batch, Routing routing) {
        Rows rows = source.read(batch);
        target.replace(batch, rows);
        Rows copy = target.read(batch);
        if (!sameRows(rows, copy)) {
            throw new IllegalStateException("copy of " + batch.size() + " users from " + source.name() + " to "
                    + target.name() + " did not verify; the old shard still serves them, run the reshard again");
        }
        source.moveOut(batch, target.name(), Instant.now());
        routing.moved().addAll(batch);
        return rows;
    }

    /**
     * With every lock held and every old shard swept, a user on the new shard whose old shard has no tombstone
     * for them was never moved: a copy left by an aborted batch, whose user has since vanished from the old
     * shard (deleted their conversations). Without this they would reappear once the new ring is in place.
     */
    private static void dropLeftovers(List<ShardStore> sources, ShardStore target, Routing routing) {
        Map<ShardStore, Set<Long>> tombstones = new LinkedHashMap<>();
        sources.forEach(source -> tombstones.put(source, source.movedOut(target.name())));
        List<Long> leftovers = target.positions().stream()
                .filter(position -> !tombstones.getOrDefault(routing.ring().nodeAt(position), Set.of())
                        .contains(position))
                .toList();
        for (int from = 0; from < leftovers.size(); from += BATCH_POSITIONS) {
            target.delete(leftovers.subList(from, Math.min(leftovers.size(), from + BATCH_POSITIONS)));
        }
    }

    static boolean sameRows(Rows original, Rows copy) {
        return original.conversations().size() == copy.conversations().size()
                && original.messages().size() == copy.messages().size()
                && original.profiles().size() == copy.profiles().size()
                && original.checksum().equals(copy.checksum());
    }

    private static ShardStore member(HashRing<ShardStore> ring, String name) {
        return ring.nodes().stream().filter(shard -> shard.name().equals(name)).findFirst().orElseThrow();
    }

    private static String newName(Routing routing) {
        return routing.next().names().stream().filter(name -> !routing.ring().names().contains(name)).findFirst()
                .orElse("?");
    }

    private static ConversationConfig.Shard asShard(ShardStore shard) {
        return new ConversationConfig.Shard(shard.name(), shard.config());
    }
}
