package dev.switchyard.core.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrategyTest {

    @ParameterizedTest
    @CsvSource({
        "round_robin, ROUND_ROBIN",
        "random, RANDOM",
        "least_connections, LEAST_CONNECTIONS",
        "weighted, WEIGHTED",
        "latency, LATENCY",
        "latency_aware, LATENCY",
        "p2c, LATENCY",
    })
    void parse_knownName_returnsStrategy(String name, Strategy expected) {
        assertThat(Strategy.parse(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "Round_Robin, ROUND_ROBIN",
        "'  weighted ', WEIGHTED",
        "P2C, LATENCY",
        "LEAST_CONNECTIONS, LEAST_CONNECTIONS",
    })
    void parse_differentCaseOrBlanks_accepted(String name, Strategy expected) {
        assertThat(Strategy.parse(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void parse_configName_roundTrips(Strategy strategy) {
        assertThat(Strategy.parse(strategy.configName())).isSameAs(strategy);
    }

    @Test
    void configName_eachStrategy_isSnakeCase() {
        assertThat(Strategy.values()).extracting(Strategy::configName)
                .containsExactly("round_robin", "random", "least_connections", "weighted", "latency");
    }

    @ParameterizedTest
    @ValueSource(strings = {"roundrobin", "least-connections", "", "fastest"})
    void parse_unknownName_messageNamesValueAndAllowedOnes(String name) {
        assertThatThrownBy(() -> Strategy.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContainingAll("round_robin", "random", "least_connections", "weighted", "latency",
                        "latency_aware", "p2c");
    }

    @Test
    void parse_null_throwsIllegalArgumentNamingNull() {
        assertThatThrownBy(() -> Strategy.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null")
                .hasMessageContaining("round_robin");
    }

    @ParameterizedTest
    @CsvSource({
        "ROUND_ROBIN, RoundRobinBalancer",
        "RANDOM, RandomBalancer",
        "LEAST_CONNECTIONS, LeastConnectionsBalancer",
        "WEIGHTED, WeightedBalancer",
        "LATENCY, LatencyBalancer",
    })
    void create_eachStrategy_returnsItsImplementation(Strategy strategy, String simpleName) {
        assertThat(strategy.create(new SplittableRandom(1)).getClass().getSimpleName()).isEqualTo(simpleName);
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void create_calledTwice_returnsIndependentInstances(Strategy strategy) {
        SplittableRandom random = new SplittableRandom(1);
        assertThat(strategy.create(random)).isNotSameAs(strategy.create(random));
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void create_nullRandom_throwsNullPointer(Strategy strategy) {
        assertThatNullPointerException().isThrownBy(() -> strategy.create(null)).withMessageContaining("random");
    }
}
