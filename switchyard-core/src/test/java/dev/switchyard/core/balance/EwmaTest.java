package dev.switchyard.core.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EwmaTest {

    @Test
    void value_noSample_isZero() {
        assertThat(new Ewma(0.2).value()).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.5, 1.0})
    void record_firstSample_becomesTheValue(double alpha) {
        Ewma ewma = new Ewma(alpha);

        ewma.record(240.0);

        assertThat(ewma.value()).isEqualTo(240.0);
    }

    @Test
    void record_laterSamples_blendByAlpha() {
        Ewma ewma = new Ewma(0.5);

        ewma.record(10);
        ewma.record(20);
        assertThat(ewma.value()).isEqualTo(15.0);
        ewma.record(30);
        assertThat(ewma.value()).isEqualTo(22.5);
    }

    @Test
    void record_dropToZero_decaysByOneMinusAlpha() {
        Ewma ewma = new Ewma(0.2);

        ewma.record(100);
        ewma.record(0);
        ewma.record(0);

        assertThat(ewma.value()).isCloseTo(64.0, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource({"0.1, 10", "0.3, 5", "0.9, 3", "0.01, 200"})
    void record_stepChange_convergesGeometrically(double alpha, int steps) {
        Ewma ewma = new Ewma(alpha);
        ewma.record(0);

        for (int i = 0; i < steps; i++) {
            ewma.record(100);
        }

        assertThat(ewma.value()).isCloseTo(100 * (1 - Math.pow(1 - alpha, steps)), within(1e-9));
    }

    @Test
    void record_alphaOne_tracksLastSample() {
        Ewma ewma = new Ewma(1.0);

        ewma.record(5);
        ewma.record(700);
        ewma.record(42);

        assertThat(ewma.value()).isEqualTo(42.0);
    }

    @Test
    void record_zeroAsFirstSample_isAValueNotUnknown() {
        Ewma ewma = new Ewma(0.5);

        ewma.record(0);
        ewma.record(10);

        // Had the 0 been treated as "no sample", 10 would have replaced it outright.
        assertThat(ewma.value()).isEqualTo(5.0);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, 1.0001, Double.NaN, Double.POSITIVE_INFINITY})
    void constructor_alphaOutsideZeroToOne_throws(double alpha) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Ewma(alpha)).withMessageContaining("alpha");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void record_nonFiniteSample_throwsAndKeepsValue(double sample) {
        Ewma ewma = new Ewma(0.5);
        ewma.record(80);

        assertThatIllegalArgumentException().isThrownBy(() -> ewma.record(sample));
        assertThat(ewma.value()).isEqualTo(80.0);
    }

    @Test
    void record_concurrentWritersOfOneValue_valueIsExactlyThatValue() throws Exception {
        Ewma ewma = new Ewma(0.3);

        Threads.runTogether(8, t -> {
            for (int i = 0; i < 50_000; i++) {
                ewma.record(123.25);
            }
            return null;
        });

        assertThat(ewma.value()).isEqualTo(123.25);
    }

    @Test
    void record_concurrentWritersOfDifferentValues_staysWithinSampleRange() throws Exception {
        Ewma ewma = new Ewma(0.1);

        List<Double> seen = Threads.runTogether(8, t -> {
            SplittableRandom random = new SplittableRandom(t);
            double lowest = Double.MAX_VALUE;
            for (int i = 0; i < 50_000; i++) {
                ewma.record(100 + random.nextDouble(100));
                lowest = Math.min(lowest, ewma.value());
            }
            return lowest;
        });

        // A torn or lost-bits update could surface as NaN, zero or garbage; a blend of samples cannot.
        assertThat(seen).allSatisfy(v -> assertThat(v).isBetween(100.0, 200.0));
        assertThat(ewma.value()).isBetween(100.0, 200.0);
    }
}
