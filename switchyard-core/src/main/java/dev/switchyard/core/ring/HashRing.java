package dev.switchyard.core.ring;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A consistent hash ring with virtual nodes: each node stands at {@code virtualNodes} points of a 64-bit
 * circle, and a key belongs to the first point at or after its own hash. Lookup is a binary search over
 * the sorted points, O(log(nodes × virtualNodes)). Adding a node to N moves about 1/(N+1) of the keys,
 * all of them to the new node.
 *
 * <p>Immutable: {@link #with} and {@link #without} return new rings, so a ring can be swapped whole
 * while readers use the old one. Node names decide the points, so every process that builds a ring from
 * the same names agrees on where every key lives.
 */
public final class HashRing<N> {
    private final Map<String, N> nodes;
    private final int virtualNodes;
    private final long[] points;
    private final Object[] owners;

    private HashRing(Map<String, N> nodes, int virtualNodes) {
        this.nodes = nodes;
        this.virtualNodes = virtualNodes;
        int size = nodes.size() * virtualNodes;
        long[] pts = new long[size];
        String[] names = new String[size];
        int i = 0;
        for (String name : nodes.keySet()) {
            for (int v = 0; v < virtualNodes; v++) {
                pts[i] = hash(name + "#" + v);
                names[i++] = name;
            }
        }
        Integer[] order = new Integer[size];
        for (int k = 0; k < size; k++) {
            order[k] = k;
        }
        // Ties (two points on one hash) are broken by name so that every process orders them alike.
        Arrays.sort(order, (a, b) -> pts[a] != pts[b] ? Long.compare(pts[a], pts[b]) : names[a].compareTo(names[b]));
        this.points = new long[size];
        this.owners = new Object[size];
        for (int k = 0; k < size; k++) {
            points[k] = pts[order[k]];
            owners[k] = nodes.get(names[order[k]]);
        }
    }

    /** A ring of {@code nodes} by name, each at {@code virtualNodes} points. */
    public static <N> HashRing<N> of(Map<String, N> nodes, int virtualNodes) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtualNodes must be >= 1, got " + virtualNodes);
        }
        Map<String, N> copy = new LinkedHashMap<>();
        nodes.forEach((name, node) -> copy.put(Objects.requireNonNull(name), Objects.requireNonNull(node)));
        return new HashRing<>(copy, virtualNodes);
    }

    public HashRing<N> with(String name, N node) {
        Map<String, N> copy = new LinkedHashMap<>(nodes);
        copy.put(name, node);
        return new HashRing<>(copy, virtualNodes);
    }

    public HashRing<N> without(String name) {
        Map<String, N> copy = new LinkedHashMap<>(nodes);
        copy.remove(name);
        return new HashRing<>(copy, virtualNodes);
    }

    /** The node that owns {@code key}. */
    public N node(String key) {
        return nodeAt(hash(key));
    }

    /** The node that owns the ring position {@code position} (for keys hashed elsewhere, e.g. kept in an id). */
    @SuppressWarnings("unchecked")
    public N nodeAt(long position) {
        if (points.length == 0) {
            throw new IllegalStateException("the ring has no nodes");
        }
        int i = Arrays.binarySearch(points, position);
        if (i < 0) {
            i = -i - 1;
        }
        return (N) owners[i == points.length ? 0 : i];
    }

    public Collection<N> nodes() {
        return List.copyOf(nodes.values());
    }

    public List<String> names() {
        return new ArrayList<>(nodes.keySet());
    }

    public int size() {
        return nodes.size();
    }

    public int virtualNodes() {
        return virtualNodes;
    }

    /** 64-bit hash of a string: FNV-1a over its UTF-8 bytes, then a SplitMix64 finaliser to spread it. */
    public static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
