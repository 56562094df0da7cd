package dev.switchyard.filter.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.filter.Action;
import dev.switchyard.filter.ContentPolicy;
import dev.switchyard.filter.Finding;
import dev.switchyard.filter.PolicySpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyFilterServiceTest {

    static PolicySpec pii(String name, String action) {
        return new PolicySpec(name, List.of(), List.of(), Map.of("email", action), List.of(), "US");
    }

    private static FiltersConfig config(String dflt, Map<String, String> tenants, Map<String, String> keys) {
        return new FiltersConfig(dflt, Map.of("base", pii("base", "allow"), "tenant", pii("tenant", "redact"),
                "key", pii("key", "block")), tenants, keys);
    }

    @Test
    void policyFor_keyTenantAndDefault_keyWinsOverTenantOverDefault() {
        PolicyFilterService service = new PolicyFilterService(config("base", Map.of("acme", "tenant"),
                Map.of("k1", "key")));
        assertThat(service.policyFor("acme", "k1").name()).isEqualTo("key");
        assertThat(service.policyFor("acme", "k2").name()).isEqualTo("tenant");
        assertThat(service.policyFor("other", "k2").name()).isEqualTo("base");
    }

    @Test
    void policyFor_noDefaultNoAssignment_null() {
        PolicyFilterService service = new PolicyFilterService(config(null, Map.of("acme", "tenant"), Map.of()));
        assertThat(service.policyFor("other", "k1")).isNull();
        assertThat(new PolicyFilterService(FiltersConfig.none()).policyFor("acme", "k1")).isNull();
    }

    @Test
    void apply_redactPolicy_placeholderAndFindingWithoutText() {
        ContentPolicy policy = new PolicyFilterService(config("tenant", Map.of(), Map.of())).policyFor("t", "k");
        var result = policy.apply("write to jane@example.com");
        assertThat(result.text()).isEqualTo("write to [EMAIL]");
        assertThat(result.findings()).containsExactly(new Finding("EMAIL", Action.REDACT));
    }

    @Test
    void update_storedPolicyAndAssignment_overrideConfigOnes() {
        PolicyFilterService service = new PolicyFilterService(config("base", Map.of(), Map.of()));
        service.update(new FiltersConfig(null, Map.of("base", pii("base", "block"), "extra", pii("extra", "redact")),
                Map.of("acme", "extra"), Map.of()));
        assertThat(service.policyFor("acme", "k").name()).isEqualTo("extra");
        assertThat(service.policyFor("other", "k").apply("a@b.example.com").blocked()).isTrue();
        service.update(FiltersConfig.none());
        assertThat(service.policyFor("acme", "k").apply("a@b.example.com").blocked()).isFalse();
    }

    @Test
    void policySet_configAndStored_isTheMergedSetAnotherServiceAnswersTheSameFrom() {
        PolicyFilterService service = new PolicyFilterService(config("base", Map.of("acme", "tenant"), Map.of()));
        service.update(new FiltersConfig(null, Map.of("extra", pii("extra", "redact"),
                "refused", new PolicySpec("refused", List.of(), List.of(), Map.of(), List.of(), "AQ")),
                Map.of(), Map.of("k1", "extra")));

        FiltersConfig set = service.policySet();

        assertThat(set.defaultPolicy()).isEqualTo("base");
        assertThat(set.policies()).containsOnlyKeys("base", "tenant", "key", "extra");
        assertThat(set.tenants()).containsEntry("acme", "tenant");
        assertThat(set.keys()).containsEntry("k1", "extra");
        PolicyFilterService copy = new PolicyFilterService(set);
        assertThat(copy.policyFor("acme", "k1").name()).isEqualTo("extra");
        assertThat(copy.policyFor("acme", "k2").name()).isEqualTo("tenant");
        assertThat(copy.policyFor("other", "k2").name()).isEqualTo("base");
    }

    @Test
    void construct_policyTheEngineRefuses_configExceptionNamingPolicy() {
        PolicySpec bad = new PolicySpec("bad", List.of(), List.of(), Map.of(), List.of(), "AQ");
        assertThatThrownBy(() -> new PolicyFilterService(new FiltersConfig(null, Map.of("bad", bad), Map.of(),
                Map.of()))).isInstanceOf(ConfigException.class).hasMessageContaining("filters.policies.bad");
    }
}
