package dev.switchyard.bench.jmh;

import dev.switchyard.core.ring.HashRing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link HashRing} lookup cost against ring size: 10, 100 and 1,000 nodes of 100 virtual nodes each.
 * A binary search over n × 100 points should grow with log(n), not n. Two measurements: {@code nodeAt}
 * (the search alone, over pre-hashed positions) and {@code node} (hash of a cache-sized key plus search).
 * The keys cycle through a fixed set larger than any ring so the branch predictor cannot learn them.
 *
 * <p>Run: {@code java -cp switchyard-bench/target/switchyard-bench.jar org.openjdk.jmh.Main RingLookup -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RingLookupBenchmark {
    private static final int KEYS = 1 << 16;

    @Param({"10", "100", "1000"})
    int nodes;

    private HashRing<String> ring;
    private String[] keys;
    private long[] positions;
    private int next;

    @Setup
    public void setUp() {
        Map<String, String> byName = new LinkedHashMap<>();
        for (int i = 0; i < nodes; i++) {
            String name = "redis://10.0." + (i / 250) + "." + (i % 250) + ":6379";
            byName.put(name, name);
        }
        ring = HashRing.of(byName, 100);
        keys = new String[KEYS];
        positions = new long[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "switchyard:cache:api_response:dGVuYW50LTQy:" + Integer.toHexString(i * 0x9E3779B9);
            positions[i] = HashRing.hash(keys[i]);
        }
    }

    @Benchmark
    public String nodeAt() {
        return ring.nodeAt(positions[next++ & (KEYS - 1)]);
    }

    @Benchmark
    public String node() {
        return ring.node(keys[next++ & (KEYS - 1)]);
    }
}
