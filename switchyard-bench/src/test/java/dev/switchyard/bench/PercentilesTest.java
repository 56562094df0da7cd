package dev.switchyard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundred() {
        long[] values = LongStream.rangeClosed(1, 100).toArray();
        assertThat(Percentiles.of(values, 0)).isEqualTo(1);
        assertThat(Percentiles.of(values, 1)).isEqualTo(1);
        assertThat(Percentiles.of(values, 50)).isEqualTo(50);
        assertThat(Percentiles.of(values, 50.5)).isEqualTo(51);
        assertThat(Percentiles.of(values, 90)).isEqualTo(90);
        assertThat(Percentiles.of(values, 99)).isEqualTo(99);
        assertThat(Percentiles.of(values, 99.9)).isEqualTo(100);
        assertThat(Percentiles.of(values, 100)).isEqualTo(100);
    }

    @Test
    void fractionalPercentilesDoNotRoundUpAFullRank() {
        long[] values = LongStream.rangeClosed(1, 1000).toArray();
        // 99.9 * 1000 / 100 is 999.0000000000001 in doubles: still rank 999
        assertThat(Percentiles.of(values, 99.9)).isEqualTo(999);
        assertThat(Percentiles.of(values, 99.99)).isEqualTo(1000);
        assertThat(Percentiles.of(LongStream.rangeClosed(1, 10).toArray(), 99)).isEqualTo(10);
    }

    @Test
    void summarySortsACopyAndKeepsTheTail() {
        long[] values = {5_000_000, 1_000_000, 3_000_000, 2_000_000, 4_000_000, 100_000_000};
        Percentiles.Summary s = Percentiles.summarize(values);
        assertThat(values[0]).isEqualTo(5_000_000); // input untouched
        assertThat(s.count()).isEqualTo(6);
        assertThat(s.min()).isEqualTo(1_000_000);
        assertThat(s.p50()).isEqualTo(3_000_000);
        assertThat(s.p90()).isEqualTo(100_000_000);
        assertThat(s.max()).isEqualTo(100_000_000);
        assertThat(s.mean()).isEqualTo(115_000_000 / 6.0);
        assertThat(s.keyValues("")).contains("p50_ms=3.000").contains("max_ms=100.000");
    }

    @Test
    void singleValueAndBadInput() {
        assertThat(Percentiles.of(new long[] {7}, 99.9)).isEqualTo(7);
        assertThat(Percentiles.summarize(new long[0]).count()).isZero();
        assertThatThrownBy(() -> Percentiles.of(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(new long[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(new long[] {1}, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recorderGrowsPastItsFirstArray() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 10_000; i >= 1; i--) {
            r.record(i);
        }
        assertThat(r.count()).isEqualTo(10_000);
        assertThat(r.summary().p99()).isEqualTo(9_900);
        assertThat(r.summary().max()).isEqualTo(10_000);
    }
}
