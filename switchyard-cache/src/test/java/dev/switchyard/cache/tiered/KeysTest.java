package dev.switchyard.cache.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cache.CacheKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {
    private final Keys keys = new Keys("sy:");

    @Test
    void full_sameKeyOtherTenant_differs() {
        assertThat(keys.full(CacheKind.API_RESPONSE, "t1", "k")).isNotEqualTo(keys.full(CacheKind.API_RESPONSE, "t2", "k"));
    }

    @Test
    void full_tenantWithColonAgainstShiftedKey_doesNotCollide() {
        // With a raw "<tenant>:<key>" layout both would be "a:b:k".
        assertThat(keys.full(CacheKind.API_RESPONSE, "a:b", "k")).isNotEqualTo(keys.full(CacheKind.API_RESPONSE, "a", "b:k"));
    }

    @Test
    void full_hostileTenants_holdNoGlobCharactersAndExactlyTwoSeparators() {
        for (String tenant : List.of("a:b", "*", "t1:api_response:x", "[a-z]?", "\\")) {
            String full = keys.full(CacheKind.TRANSLATION, tenant, "some:key*");
            String rest = full.substring("sy:".length());
            assertThat(rest).doesNotContain("*", "?", "[", "]", "\\");
            assertThat(rest.chars().filter(c -> c == ':').count()).isEqualTo(2);
        }
    }

    @Test
    void tenantPattern_prefixWithGlobCharacters_isEscaped() {
        assertThat(new Keys("a*b:").tenantPattern("t")).startsWith("a\\*b:*:");
    }
}
