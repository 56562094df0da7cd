package dev.switchyard.auth.filters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.jdbc.Database;
import dev.switchyard.auth.store.TestDatabases;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.filter.PolicySpec;
import dev.switchyard.testkit.MutableClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter store on the embedded database (the quick start's): same SQL as on PostgreSQL. */
class JdbcFilterStoreH2Test {
    @TempDir
    Path dir;

    @Test
    void putAssignDelete_roundTrip_onEmbeddedDatabase() {
        try (Database db = TestDatabases.embedded(dir)) {
            JdbcFilterStore store = new JdbcFilterStore(db, new MutableClock());
            PolicySpec spec = new PolicySpec("p", List.of("secret plan"), List.of("x\\d+"), Map.of("iban", "block"),
                    List.of(new PolicySpec.Custom("TICKET", "T-\\d{4}", "redact")), "GB");
            store.put(spec);
            store.put(spec); // a replace, not a duplicate
            store.assign(JdbcFilterStore.Scope.TENANT, "acme", "p");
            store.assign(JdbcFilterStore.Scope.KEY, "key_1", "p");

            FiltersConfig loaded = store.load();
            assertThat(loaded.policies()).containsExactly(Map.entry("p", spec));
            assertThat(loaded.tenants()).containsExactly(Map.entry("acme", "p"));
            assertThat(loaded.keys()).containsExactly(Map.entry("key_1", "p"));

            store.assign(JdbcFilterStore.Scope.KEY, "key_1", null);
            assertThat(store.delete("p")).isTrue();
            assertThat(store.delete("p")).isFalse();
            assertThat(store.load().policies()).isEmpty();
            assertThat(store.load().keys()).isEmpty();
        }
    }
}
