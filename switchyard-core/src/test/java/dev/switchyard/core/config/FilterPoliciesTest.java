package dev.switchyard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.json.Json;
import dev.switchyard.filter.PolicySpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterPoliciesTest {
    private static final String BASE = """
            deployments:
              - name: primary
                base_url: http://127.0.0.1:9001
                models: [claude-sonnet-4-6]
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    @Test
    void filtersSection_valid_readsPoliciesDefaultAndAssignments() {
        SwitchyardConfig c = loader.parse(BASE + """
                filters:
                  default: pii
                  policies:
                    pii:
                      pii: { email: redact, phone: redact, card: block }
                    strict:
                      blocked_terms: [project zeus]
                      blocked_regexes: ["secret-\\\\d+"]
                      custom_patterns: [{ name: EMPLOYEE_ID, regex: "E\\\\d{6}", action: redact }]
                      phone_region: DE
                  tenants: { acme: strict }
                  keys: { key_1: pii }
                """);
        FiltersConfig f = c.filters();
        assertThat(f.defaultPolicy()).isEqualTo("pii");
        assertThat(f.policies().get("pii").pii()).containsEntry("email", "redact").containsEntry("card", "block");
        PolicySpec strict = f.policies().get("strict");
        assertThat(strict.blockedTerms()).containsExactly("project zeus");
        assertThat(strict.blockedRegexes()).containsExactly("secret-\\d+");
        assertThat(strict.custom()).containsExactly(new PolicySpec.Custom("EMPLOYEE_ID", "E\\d{6}", "redact"));
        assertThat(strict.phoneRegion()).isEqualTo("DE");
        assertThat(f.tenants()).containsEntry("acme", "strict");
        assertThat(f.keys()).containsEntry("key_1", "pii");
    }

    @Test
    void filtersSection_absent_noPolicies() {
        assertThat(loader.parse(BASE).filters().empty()).isTrue();
    }

    @Test
    void filtersSection_badValues_everyProblemNamesKeyAndValue() {
        assertThatThrownBy(() -> loader.parse(BASE + """
                filters:
                  default: nope
                  policies:
                    p:
                      pii: { email: hide, passport: redact }
                      blocked_regexes: ["(unclosed"]
                      custom_patterns: [{ name: EMAIL, regex: "x", action: redact }]
                      phone_region: XX
                  tenants: { acme: missing }
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(
                "filters.default: no policy named 'nope' in filters.policies",
                "filters.policies.p.pii.email: unknown action 'hide' (known: allow, redact, block)",
                "filters.policies.p.pii.passport: unknown PII category 'passport' (known: email, phone, card, iban, ip)",
                "filters.policies.p.phone_region: must be an ISO 3166 region such as US, got 'XX'",
                "filters.tenants.acme: no policy named 'missing' in filters.policies")
                .anyMatch(p -> p.startsWith("filters.policies.p.blocked_regexes[0]: not a valid regular expression: '(unclosed'"))
                .anyMatch(p -> p.startsWith("filters.policies.p.custom_patterns[0].name:")));
    }

    @Test
    void parse_adminBody_sameChecksAsConfig() throws Exception {
        PolicySpec spec = FilterPolicies.parse("p1", Json.mapper().readTree("{\"pii\":{\"ip\":\"block\"}}"));
        assertThat(spec.pii()).containsEntry("ip", "block");
        assertThatThrownBy(() -> FilterPolicies.parse("p1", Json.mapper().readTree("{\"colour\":1}")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("filters.policies.p1.colour: unknown key")));
    }

    @Test
    void readmeExample_parses() {
        FiltersConfig f = loader.parse(BASE + """
                filters:
                  default: pii                   # optional: the policy of callers with no tenant or key policy
                  policies:
                    pii:
                      pii: { email: redact, phone: redact, card: redact, iban: redact, ip: redact }
                    strict:
                      blocked_terms: ["project zeus"]          # case-insensitive, whole words
                      blocked_regexes: ["(?i)internal-\\\\d{4}"]
                      pii: { email: block, card: block, phone: allow }   # allow counts, redact replaces, block refuses
                      custom_patterns:
                        - { name: EMPLOYEE_ID, regex: "E\\\\d{6}", action: redact }   # -> [EMPLOYEE_ID]
                      phone_region: DE            # numbers without a country code (default US)
                  tenants: { acme: strict }       # tenant id -> policy
                  keys: { key_0123abcd: pii }     # key id -> policy
                """).filters();
        assertThat(f.policies().get("strict").custom()).hasSize(1);
        assertThat(f.keys()).containsEntry("key_0123abcd", "pii");
    }
}
