package dev.switchyard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaults_match_theDocumentedValues() {
        SimulatorOptions options = SimulatorOptions.defaults();

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isZero();
        assertThat(options.timeToFirstToken()).isEqualTo(Duration.ofMillis(20));
        assertThat(options.tokensPerSecond()).isEqualTo(200);
        assertThat(options.responseTokens()).isEqualTo(24);
        assertThat(options.models()).containsExactlyElementsOf(SimulatorOptions.DEFAULT_MODELS)
                .startsWith("claude-opus-5").contains("claude-haiku-4-5-20251001").endsWith("claude-mythos-preview")
                .hasSize(20);
        assertThat(options.requiredApiKey()).isNull();
        assertThat(options.eventLoops()).isZero();
        assertThat(options.batchRequestInterval()).isEqualTo(Duration.ofMillis(5));
        assertThat(options.maxFileBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(options.fileStorageBytes()).isEqualTo(256L * 1024 * 1024);
    }

    @Test
    void withers_changeOnlyTheirField() {
        SimulatorOptions options = SimulatorOptions.defaults().withPort(8080).withRequiredApiKey("k")
                .withModels(new LinkedHashSet<>(List.of("b", "a")));

        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.requiredApiKey()).isEqualTo("k");
        assertThat(options.models()).containsExactly("b", "a");
        assertThat(options.responseTokens()).isEqualTo(24);
    }

    @Test
    void constructor_invalidValues_areRefused() {
        SimulatorOptions d = SimulatorOptions.defaults();
        assertThatThrownBy(() -> d.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withResponseTokens(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withModels(Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withRequiredApiKey("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTimeToFirstToken(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTokensPerSecond(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withBatchRequestInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withBatchRequestInterval(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.withMaxFileBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withFileStorageBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fault_factories_setOneKindEach() {
        assertThat(Fault.status(529)).isEqualTo(new Fault(529, null, null, -1, false, false, -1));
        assertThat(Fault.status(429, Duration.ofSeconds(1)).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(Fault.stallAfter(3).stallAfterEvents()).isEqualTo(3);
        assertThat(Fault.connectionReset().resetConnection()).isTrue();
        assertThat(Fault.malformedStream().malformedSse()).isTrue();
        assertThat(Fault.latency(Duration.ofMillis(5)).times(2).remaining()).isEqualTo(2);
    }

    @Test
    void fault_invalidValues_areRefused() {
        assertThatThrownBy(() -> Fault.status(200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.stallAfter(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.status(500).times(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pace_tokensPerSecond_mapsToMillisecondTicks() {
        SimulatorOptions d = SimulatorOptions.defaults();
        assertThat(Pace.of(d)).isEqualTo(new Pace(20, 5, 1, false));
        assertThat(Pace.of(d.withTokensPerSecond(5000))).isEqualTo(new Pace(20, 1, 5, false));
        assertThat(Pace.of(d.withTokensPerSecond(0)).instant()).isTrue();
        assertThat(Pace.of(d.withTokensPerSecond(Double.POSITIVE_INFINITY)).instant()).isTrue();
    }

    @Test
    void faultPlan_limitedFault_isClaimedExactlyRemainingTimes() {
        FaultPlan plan = new FaultPlan();
        plan.set(Fault.status(500).times(2));

        assertThat(plan.claim()).isNotNull();
        assertThat(plan.claim()).isNotNull();
        assertThat(plan.claim()).isNull();
        plan.set(Fault.status(500));
        for (int i = 0; i < 10; i++) {
            assertThat(plan.claim()).isNotNull();
        }
        plan.clear();
        assertThat(plan.claim()).isNull();
    }
}
