package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterPolicyTest {

    @Test
    void policy_regexThatDoesNotCompile_rejectedNamingFieldAndValue() {
        assertThatThrownBy(() -> new FilterPolicy("p", List.of(), List.of("(unclosed"), Map.of(), List.of(), "US"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filters.p.blocked_regexes")
                .hasMessageContaining("'(unclosed'");
    }

    @Test
    void customPattern_badRegex_rejectedNamingPatternAndValue() {
        assertThatThrownBy(() -> new CustomPattern("TICKET", "[a-", Action.REDACT))
                .hasMessageContaining("custom_patterns.TICKET.regex")
                .hasMessageContaining("'[a-'");
    }

    @Test
    void customPattern_badOrBuiltInName_rejected() {
        assertThatThrownBy(() -> new CustomPattern("ticket id", "x", Action.REDACT)).hasMessageContaining("'ticket id'");
        assertThatThrownBy(() -> new CustomPattern("EMAIL", "x", Action.REDACT)).hasMessageContaining("'EMAIL'");
    }

    @Test
    void policy_duplicateCustomName_rejected() {
        CustomPattern one = new CustomPattern("TICKET", "T-\\d+", Action.REDACT);
        assertThatThrownBy(() -> new FilterPolicy("p", List.of(), List.of(), Map.of(), List.of(one, one), "US"))
                .hasMessageContaining("'TICKET' twice");
    }

    @Test
    void policy_blankNameOrTermOrUnknownRegion_rejectedNamingValue() {
        assertThatThrownBy(() -> new FilterPolicy(" ", null, null, null, null, "US")).hasMessageContaining("name");
        assertThatThrownBy(() -> new FilterPolicy("p", List.of(" "), null, null, null, "US"))
                .hasMessageContaining("filters.p.blocked_terms");
        assertThatThrownBy(() -> new FilterPolicy("p", null, null, null, null, "XX"))
                .hasMessageContaining("filters.p.phone_region").hasMessageContaining("'XX'");
    }

    @Test
    void policy_piiCategoryWithoutAction_rejectedNamingCategory() {
        java.util.Map<PiiCategory, Action> pii = new java.util.HashMap<>();
        pii.put(PiiCategory.EMAIL, null);
        assertThatThrownBy(() -> new FilterPolicy("p", null, null, pii, null, "US"))
                .hasMessageContaining("filters.p.pii").hasMessageContaining("EMAIL");
    }

    @Test
    void policy_nullLists_becomeEmptyAndImmutable() {
        FilterPolicy policy = new FilterPolicy("p", null, null, null, null, "US");
        assertThat(policy.blockedTerms()).isEmpty();
        assertThat(policy.pii()).isEmpty();
        assertThat(TextFilter.compile(policy).apply("anything 4111 1111 1111 1111").text()).isEqualTo("anything 4111 1111 1111 1111");
    }

    @Test
    void compile_lookBehindCapTooSmall_rejected() {
        assertThatThrownBy(() -> TextFilter.compile(FilterPolicy.redactAllPii("p"), 8)).hasMessageContaining("look_behind_cap");
    }
}
