package dev.switchyard.cluster.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.cache.CachePolicy;
import dev.switchyard.core.json.Json;
import dev.switchyard.usage.UsageRecord;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthWireTest {
    private static final ObjectMapper JSON = Json.mapper();

    private static <T> T roundTrip(Object value, Class<T> type) throws Exception {
        return JSON.readValue(JSON.writeValueAsBytes(value), type);
    }

    @Test
    void coreRecords_roundTripAsTheyAre() throws Exception {
        Principal p = new Principal("key_1", "t", null, "gold", Set.of("a", "b"), new Quota(1, 2, 3, 4, 5),
                Quota.UNLIMITED, CachePolicy.NEVER);
        AdmissionRequest request = new AdmissionRequest("req_1", "claude-sonnet-4-5", 120, 4096);
        TokenUsage used = new TokenUsage("claude-sonnet-4-5", 1, 2, 3, 4);

        assertThat(roundTrip(p, Principal.class)).isEqualTo(p);
        assertThat(roundTrip(new AuthWire.Admit(p, request), AuthWire.Admit.class))
                .isEqualTo(new AuthWire.Admit(p, request));
        assertThat(roundTrip(new AuthWire.Settle("g-1", used), AuthWire.Settle.class))
                .isEqualTo(new AuthWire.Settle("g-1", used));
    }

    @Test
    void usageRecord_doesNotSerializeAlone_travelsAsUsageWithItsInstantWhole() throws Exception {
        UsageRecord r = new UsageRecord(Instant.parse("2026-11-29T06:00:00.123456789Z"), "req_1", "key_1", "t",
                "u", "asked", "served", "dep", 1, 2, 3, 4, 5, 6, -1, 200, 1, true, false, 9, "EMAIL:redact");

        assertThatThrownBy(() -> JSON.writeValueAsBytes(r)).hasMessageContaining("java.time.Instant");
        assertThat(roundTrip(AuthWire.Usage.of(r), AuthWire.Usage.class).toRecord()).isEqualTo(r);
    }

    @Test
    void credential_toString_neverShowsTheKey() {
        assertThat(new AuthWire.Credential("sk-secret-123").toString()).doesNotContain("sk-secret-123");
    }
}
