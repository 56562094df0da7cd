package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;
import dev.switchyard.filter.Block;
import dev.switchyard.filter.Finding;
import dev.switchyard.filter.FilterResult;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFilterTest {
    static final String SAMPLE = "Hi, I'm Jane (jane.doe@example.com, (650) 253-0000). Card 4111 1111 1111 1111, "
            + "IBAN DE89 3704 0044 0532 0130 00, server 10.1.2.3.";

    @Test
    void defaultPiiSet_mixedText_everyItemReplacedByItsPlaceholder() {
        FilterResult result = TextFilter.compile(FilterPolicy.redactAllPii("default")).apply(SAMPLE);
        assertThat(result.text()).isEqualTo("Hi, I'm Jane ([EMAIL], [PHONE]). Card [CARD], IBAN [IBAN], server [IP].");
        assertThat(result.blocked()).isFalse();
        assertThat(result.findings()).extracting(Finding::category).containsExactly("EMAIL", "PHONE", "CARD", "IBAN", "IP");
        assertThat(result.findings()).extracting(Finding::action).containsOnly(Action.REDACT);
    }

    @Test
    void allowAction_match_countedButTextKept() {
        Map<PiiCategory, Action> pii = new EnumMap<>(PiiCategory.class);
        pii.put(PiiCategory.EMAIL, Action.ALLOW);
        pii.put(PiiCategory.IP, Action.REDACT);
        FilterResult result = TextFilter.compile(new FilterPolicy("p", List.of(), List.of(), pii, List.of(), "US")).apply(SAMPLE);
        assertThat(result.text()).contains("jane.doe@example.com").contains("server [IP].");
        assertThat(result.findings()).containsExactly(new Finding("EMAIL", Action.ALLOW), new Finding("IP", Action.REDACT));
    }

    @Test
    void blockAction_piiMatch_decisionNamesPolicyAndCategoryNotText() {
        FilterResult result = Policies.only(PiiCategory.CARD, Action.BLOCK).apply(SAMPLE);
        assertThat(result.blocked()).isTrue();
        assertThat(result.block()).contains(new Block("test", "CARD"));
        assertThat(result.text()).isEmpty();
        assertThat(result.toString()).doesNotContain("4111");
        assertThat(result.block().orElseThrow().message()).contains("test").contains("CARD").doesNotContain("4111");
    }

    @Test
    void blockedTerm_match_decisionNeverEchoesTheTerm() {
        FilterResult result = Policies.terms("falcon").apply("Tell me about Falcon.");
        assertThat(result.block()).contains(new Block("no-secrets", FilterPolicy.BLOCKED_TERM));
        assertThat(result.toString() + result.block().orElseThrow().message()).doesNotContainIgnoringCase("falcon");
        assertThat(result.findings()).containsExactly(new Finding(FilterPolicy.BLOCKED_TERM, Action.BLOCK));
    }

    @Test
    void overlappingMatches_redactBeatsAllow() {
        Map<PiiCategory, Action> pii = new EnumMap<>(PiiCategory.class);
        pii.put(PiiCategory.EMAIL, Action.ALLOW);
        FilterResult result = TextFilter.compile(new FilterPolicy("p", List.of(), List.of(), pii,
                List.of(new CustomPattern("STAFF", "staff\\d+", Action.REDACT)), "US")).apply("staff42@corp.example");
        assertThat(result.text()).isEqualTo("[STAFF]@corp.example");
        assertThat(result.findings()).containsExactly(new Finding("STAFF", Action.REDACT));
    }

    @Test
    void noMatches_textUnchangedAndNoFindings() {
        FilterResult result = TextFilter.compile(FilterPolicy.redactAllPii("default")).apply("Nothing personal here, version 2.0.1 of 2026.");
        assertThat(result.text()).isEqualTo("Nothing personal here, version 2.0.1 of 2026.");
        assertThat(result.findings()).isEmpty();
    }
}
