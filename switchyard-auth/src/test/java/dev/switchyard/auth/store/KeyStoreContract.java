package dev.switchyard.auth.store;

import dev.switchyard.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.auth.Quota;
import dev.switchyard.cache.CachePolicy;
import dev.switchyard.auth.keys.CreatedKey;
import dev.switchyard.auth.keys.KeySecrets;
import dev.switchyard.auth.keys.KeySpec;
import dev.switchyard.auth.keys.Tenant;
import dev.switchyard.auth.keys.VirtualKey;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The {@link JdbcKeyStore} contract, run once per database by the subclasses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyStoreContract {
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Quota QUOTA = new Quota(60, 100_000, 4, 5_000_000, 100_000_000);

    private StoreBackend.Opened opened;
    private final MutableClock clock = new MutableClock(START);
    private JdbcKeyStore store;

    abstract StoreBackend backend();

    @BeforeAll
    void openDatabase() throws Exception {
        opened = backend().open();
        store = new JdbcKeyStore(opened.database(), clock);
    }

    @AfterAll
    void closeDatabase() throws Exception {
        opened.close();
    }

    @BeforeEach
    void emptyTables() throws Exception {
        TestDatabases.clear(opened.database().dataSource());
        clock.set(START);
    }

    @Test
    void create_withSpec_storesHashAndDisplayPrefixOfTheSecret() {
        CreatedKey created = store.create(new KeySpec("ci", null, "alice", Set.of("claude-sonnet-4"), QUOTA,
                START.plus(Duration.ofDays(30)), "gold"));

        assertThat(created.plaintext()).startsWith(KeySecrets.CLIENT_PREFIX);
        VirtualKey key = created.key();
        assertThat(key.id()).startsWith("key_");
        assertThat(key.hash()).isEqualTo(KeySecrets.hash(created.plaintext()));
        assertThat(key.displayPrefix()).isEqualTo(KeySecrets.displayPrefix(created.plaintext()));
        assertThat(key.tenantId()).isEqualTo(JdbcKeyStore.DEFAULT_TENANT);
        assertThat(store.byHash(KeySecrets.hash(created.plaintext()))).contains(key);
        assertThat(store.byId(key.id())).contains(key);
    }

    @Test
    void cachePolicy_defaultThenSetThenKeptByOtherUpdates() {
        CreatedKey created = store.create(new KeySpec("policy", null, null, null, null, null, null));
        assertThat(created.key().cachePolicy()).isEqualTo(CachePolicy.ON_REQUEST);

        store.update(created.key().id(), new KeySpec(null, null, null, null, null, null, null, CachePolicy.ALWAYS));
        store.update(created.key().id(), new KeySpec("renamed", null, null, null, null, null, null));

        VirtualKey read = store.byHash(KeySecrets.hash(created.plaintext())).orElseThrow();
        assertThat(read.cachePolicy()).isEqualTo(CachePolicy.ALWAYS);
        assertThat(read.name()).isEqualTo("renamed");
    }

    @Test
    void create_anyTable_neverHoldsThePlaintext() throws Exception {
        CreatedKey created = store.create(new KeySpec("plain", null, null, null, null, null, null));
        store.addAdminKey(KeySecrets.hash("sk-sy-admin-x"), KeySecrets.displayPrefix("sk-sy-admin-x"));
        String secretPart = created.plaintext().substring(KeySecrets.CLIENT_PREFIX.length());

        List<String> values = allStoredValues();

        assertThat(values).contains(created.key().hash());
        assertThat(values).noneMatch(v -> v.contains(secretPart) || v.contains(created.plaintext()));
        assertThat(String.valueOf(created.key())).doesNotContain(secretPart);
        assertThat(String.valueOf(created)).doesNotContain(secretPart);
    }

    @Test
    void keyLifecycle_createUpdateRevoke_changedAfterSeesEachStep() {
        CreatedKey created = store.create(new KeySpec("before", null, "alice", Set.of("a"), QUOTA,
                START.plus(Duration.ofDays(1)), "silver"));
        String id = created.key().id();
        long createdSeq = created.key().changeSeq();
        assertThat(createdSeq).isPositive();
        assertThat(store.changedAfter(createdSeq - 1)).extracting(VirtualKey::id).containsExactly(id);
        assertThat(store.changedAfter(createdSeq)).isEmpty();

        clock.advance(Duration.ofMinutes(5));
        Instant updatedAt = clock.instant();
        VirtualKey updated = store.update(id, new KeySpec("after", null, null, Set.of("b", "c"), null, null, null))
                .orElseThrow();

        assertThat(updated.name()).isEqualTo("after");
        assertThat(updated.allowedModels()).containsExactlyInAnyOrder("b", "c");
        assertThat(updated.userId()).isEqualTo("alice");
        assertThat(updated.quota()).isEqualTo(QUOTA);
        assertThat(updated.tier()).isEqualTo("silver");
        assertThat(updated.expiresAt()).isEqualTo(START.plus(Duration.ofDays(1)));
        assertThat(updated.createdAt()).isEqualTo(START);
        assertThat(updated.updatedAt()).isEqualTo(updatedAt);
        assertThat(store.byHash(created.key().hash())).contains(updated);
        assertThat(updated.changeSeq()).isGreaterThan(createdSeq);
        assertThat(store.changedAfter(createdSeq)).containsExactly(updated);

        clock.advance(Duration.ofMinutes(5));
        VirtualKey noExpiry = store.update(id, new KeySpec(null, null, null, null, null, KeySpec.NO_EXPIRY, null))
                .orElseThrow();
        assertThat(noExpiry.expiresAt()).isNull();
        assertThat(store.byId(id).orElseThrow().expiresAt()).isNull();

        clock.advance(Duration.ofMinutes(5));
        Instant revokedAt = clock.instant();
        assertThat(store.revoke(id)).isTrue();

        VirtualKey revoked = store.byHash(created.key().hash()).orElseThrow();
        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked.revokedAt()).isEqualTo(revokedAt);
        assertThat(revoked.name()).isEqualTo("after");
        assertThat(revoked.changeSeq()).isGreaterThan(noExpiry.changeSeq());
        assertThat(store.changedAfter(noExpiry.changeSeq())).containsExactly(revoked);
        assertThat(store.changedAfter(revoked.changeSeq())).isEmpty();
    }

    @Test
    void changedAfter_writerClockHoursBehind_stillOrdersByTheDatabase() {
        VirtualKey key = store.create(new KeySpec("k", null, null, null, null, null, null)).key();
        clock.set(START.minus(Duration.ofHours(3)));

        store.revoke(key.id());

        assertThat(store.changedAfter(key.changeSeq())).extracting(VirtualKey::id, VirtualKey::revoked)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(key.id(), true));
    }

    @Test
    void revoke_twice_keepsTheFirstRevocationTime() {
        String id = store.create(new KeySpec("k", null, null, null, null, null, null)).key().id();
        store.revoke(id);
        Instant first = store.byId(id).orElseThrow().revokedAt();
        clock.advance(Duration.ofHours(1));

        assertThat(store.revoke(id)).isTrue();

        assertThat(store.byId(id).orElseThrow().revokedAt()).isEqualTo(first);
    }

    @Test
    void updateAndRevoke_unknownId_reportNoSuchKey() {
        assertThat(store.update("key_missing", new KeySpec("x", null, null, null, null, null, null))).isEmpty();
        assertThat(store.revoke("key_missing")).isFalse();
        assertThat(store.byId("key_missing")).isEmpty();
        assertThat(store.byHash(KeySecrets.hash("nope"))).isEmpty();
    }

    @Test
    void create_unknownTenant_throwsNamingTheTenant() {
        assertThatThrownBy(() -> store.create(new KeySpec("k", "ghost-team", null, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghost-team");
        assertThat(store.list(null)).isEmpty();
    }

    @Test
    void update_unknownTenant_throwsAndKeepsTheKey() {
        VirtualKey key = store.create(new KeySpec("k", null, null, null, null, null, null)).key();

        assertThatThrownBy(() -> store.update(key.id(), new KeySpec("renamed", "ghost-team", null, null, null, null,
                null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghost-team");
        assertThat(store.byId(key.id())).contains(key);
    }

    @Test
    void update_toAnExistingTenant_movesTheKey() {
        store.saveTenant(new Tenant("research", "Research", QUOTA, null, null));
        VirtualKey key = store.create(new KeySpec("k", null, null, null, null, null, null)).key();

        store.update(key.id(), new KeySpec(null, "research", null, null, null, null, null));

        assertThat(store.list("research")).extracting(VirtualKey::id).containsExactly(key.id());
        assertThat(store.list(JdbcKeyStore.DEFAULT_TENANT)).isEmpty();
    }

    @Test
    void list_allOrByTenant_oldestFirst() {
        store.saveTenant(new Tenant("t1", "T1", null, null, null));
        String first = store.create(new KeySpec("1", "t1", null, null, null, null, null)).key().id();
        clock.advance(Duration.ofSeconds(1));
        String second = store.create(new KeySpec("2", null, null, null, null, null, null)).key().id();
        clock.advance(Duration.ofSeconds(1));
        String third = store.create(new KeySpec("3", "t1", null, null, null, null, null)).key().id();

        assertThat(store.list(null)).extracting(VirtualKey::id).containsExactly(first, second, third);
        assertThat(store.list("t1")).extracting(VirtualKey::id).containsExactly(first, third);
    }

    @Test
    void saveTenant_existing_updatesQuotaAndKeepsCreationTime() {
        Tenant saved = store.saveTenant(new Tenant("ops", "Ops", null, null, null));
        clock.advance(Duration.ofHours(1));

        Tenant updated = store.saveTenant(new Tenant("ops", "Operations", QUOTA, null, null));

        assertThat(saved.createdAt()).isEqualTo(START);
        assertThat(updated.createdAt()).isEqualTo(START);
        assertThat(updated.updatedAt()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(store.tenant("ops")).contains(updated);
        assertThat(store.tenants()).extracting(Tenant::id).containsExactlyInAnyOrder("default", "ops");
        assertThat(store.tenant("nobody")).isEmpty();
    }

    @Test
    void adminKeys_addedOnce_areRecognisedByHashOnly() {
        String admin = KeySecrets.generate(KeySecrets.ADMIN_PREFIX);
        assertThat(store.noAdminKeys()).isTrue();

        store.addAdminKey(KeySecrets.hash(admin), KeySecrets.displayPrefix(admin));
        store.addAdminKey(KeySecrets.hash(admin), KeySecrets.displayPrefix(admin));

        assertThat(store.noAdminKeys()).isFalse();
        assertThat(store.isAdminKey(KeySecrets.hash(admin))).isTrue();
        assertThat(store.isAdminKey(admin)).isFalse();
        assertThat(store.isAdminKey(KeySecrets.hash(admin + "x"))).isFalse();
        assertThat(store.adminKeyHashes()).containsExactly(KeySecrets.hash(admin));
    }

    @Test
    void sqlInjectionStrings_asIdsNamesAndHashes_areStoredAndMatchedLiterally() {
        String tenantId = "t'); DROP TABLE api_keys; --";
        String name = "' OR '1'='1";
        store.saveTenant(new Tenant(tenantId, "\"; DELETE FROM tenants; --", null, null, null));
        VirtualKey key = store.create(new KeySpec(name, tenantId, "u' --", Set.of("m'); --"), null, null,
                "t' OR 1=1")).key();
        store.create(new KeySpec("other", null, null, null, null, null, null));

        assertThat(store.byHash("' OR '1'='1")).isEmpty();
        assertThat(store.byHash("x' OR hash LIKE '%")).isEmpty();
        assertThat(store.byId("' OR 1=1 --")).isEmpty();
        assertThat(store.isAdminKey("' OR '1'='1")).isFalse();
        assertThat(store.list("' OR '1'='1")).isEmpty();
        assertThat(store.list(tenantId)).containsExactly(key);
        VirtualKey stored = store.byId(key.id()).orElseThrow();
        assertThat(stored.name()).isEqualTo(name);
        assertThat(stored.userId()).isEqualTo("u' --");
        assertThat(stored.allowedModels()).containsExactly("m'); --");
        assertThat(stored.tier()).isEqualTo("t' OR 1=1");
        assertThat(store.tenant(tenantId).orElseThrow().name()).isEqualTo("\"; DELETE FROM tenants; --");
        assertThat(store.list(null)).hasSize(2);
        assertThat(store.tenants()).hasSize(2);
    }

    /** Every non-null value of every column of every table in the store's schema, as text. */
    private List<String> allStoredValues() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = opened.database().dataSource().getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = meta.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("api_keys", "admin_keys", "tenants", "usage_records", "spend_totals");
            for (String table : tables) {
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String value = rows.getString(i);
                            if (value != null) {
                                values.add(value);
                            }
                        }
                    }
                }
            }
        }
        return values;
    }
}
