package dev.switchyard.conversation.store;

import dev.switchyard.core.ring.HashRing;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each ring position lives right now. Outside a reshard that is {@code ring}. While a shard is being
 * added, {@code next} is the ring with it, and a position uses {@code next} only once its data has been
 * moved ({@code moved}); the set only grows, under the moved positions' exclusive locks.
 */
record Routing(HashRing<ShardStore> ring, HashRing<ShardStore> next, Set<Long> moved) {

    static Routing of(HashRing<ShardStore> ring) {
        return new Routing(ring, null, Set.of());
    }

    Routing resharding(HashRing<ShardStore> nextRing) {
        return new Routing(ring, nextRing, ConcurrentHashMap.newKeySet());
    }

    boolean isResharding() {
        return next != null;
    }

    ShardStore owner(long position) {
        return next != null && moved.contains(position) ? next.nodeAt(position) : ring.nodeAt(position);
    }

    /** Every open shard: the ring's, and the one being added. */
    List<ShardStore> shards() {
        Set<ShardStore> all = new LinkedHashSet<>(ring.nodes());
        if (next != null) {
            all.addAll(next.nodes());
        }
        return new ArrayList<>(all);
    }
}
