package dev.switchyard.auth.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchyard.auth.Quota;
import dev.switchyard.auth.keys.CreatedKey;
import dev.switchyard.auth.keys.KeySecrets;
import dev.switchyard.auth.keys.KeySpec;
import dev.switchyard.auth.keys.KeyStore;
import dev.switchyard.auth.keys.Tenant;
import dev.switchyard.auth.keys.VirtualKey;
import dev.switchyard.cache.CachePolicy;
import dev.switchyard.core.json.Json;
import dev.switchyard.jdbc.Database;
import dev.switchyard.jdbc.Sql;
import dev.switchyard.jdbc.SqlWork;
import dev.switchyard.jdbc.Transactions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * {@link KeyStore} over JDBC (PostgreSQL or the embedded H2). Only {@link KeySecrets#hash} and
 * {@link KeySecrets#displayPrefix} of a secret reach the database. A key created without a tenant belongs to
 * the {@code default} tenant. Timestamps come from the injected clock so that tests can control them; the
 * order of changes does not: every key write ends with {@link #numberChange}, a number from the database.
 */
public final class JdbcKeyStore implements KeyStore {
    static final String DEFAULT_TENANT = "default";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String KEY_COLUMNS = "id, hash, display_prefix, name, tenant_id, user_id, allowed_models, "
            + "rpm, tpm, max_concurrent, daily_budget_micros, monthly_budget_micros, expires_at, tier, "
            + "created_at, updated_at, revoked_at, cache_policy, change_seq";
    private static final String TENANT_COLUMNS = "id, name, rpm, tpm, max_concurrent, daily_budget_micros, "
            + "monthly_budget_micros, created_at, updated_at";

    private final Transactions transactions;
    private final Clock clock;

    public JdbcKeyStore(DataSource dataSource, Clock clock) {
        this.transactions = new Transactions(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public JdbcKeyStore(Database database, Clock clock) {
        this(database.dataSource(), clock);
    }

    @Override
    public CreatedKey create(KeySpec spec) {
        String plaintext = KeySecrets.generate();
        Instant now = clock.instant();
        Instant expiresAt = KeySpec.NO_EXPIRY.equals(spec.expiresAt()) ? null : spec.expiresAt();
        VirtualKey key = new VirtualKey(newKeyId(), KeySecrets.hash(plaintext), KeySecrets.displayPrefix(plaintext),
                spec.name(), spec.tenantId() == null ? DEFAULT_TENANT : spec.tenantId(), spec.userId(),
                spec.allowedModels(), spec.quota(), expiresAt, spec.tier(), now, now, null, spec.cachePolicy());
        VirtualKey numbered = inTransaction("create a key", connection -> {
            requireTenant(connection, key.tenantId());
            insertKey(connection, key);
            return key.withChangeSeq(numberChange(connection, key.id()));
        });
        return new CreatedKey(plaintext, numbered);
    }

    @Override
    public Optional<VirtualKey> byId(String id) {
        return query("read a key", connection -> oneKey(connection, "SELECT " + KEY_COLUMNS
                + " FROM api_keys WHERE id = ?", id));
    }

    @Override
    public Optional<VirtualKey> byHash(String hash) {
        return query("read a key", connection -> oneKey(connection, "SELECT " + KEY_COLUMNS
                + " FROM api_keys WHERE hash = ?", hash));
    }

    @Override
    public List<VirtualKey> list(String tenantId) {
        return query("list keys", connection -> {
            String where = tenantId == null ? "" : " WHERE tenant_id = ?";
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + KEY_COLUMNS
                    + " FROM api_keys" + where + " ORDER BY created_at, id")) {
                if (tenantId != null) {
                    statement.setString(1, tenantId);
                }
                return keys(statement);
            }
        });
    }

    @Override
    public List<VirtualKey> changedAfter(long seq) {
        return query("list changed keys", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + KEY_COLUMNS
                    + " FROM api_keys WHERE change_seq > ? ORDER BY change_seq, id")) {
                statement.setLong(1, seq);
                return keys(statement);
            }
        });
    }

    @Override
    public Optional<VirtualKey> update(String id, KeySpec changes) {
        return inTransaction("update a key", connection -> {
            Optional<VirtualKey> current = oneKey(connection, "SELECT " + KEY_COLUMNS
                    + " FROM api_keys WHERE id = ? FOR UPDATE", id);
            if (current.isEmpty()) {
                return Optional.<VirtualKey>empty();
            }
            VirtualKey updated = merge(current.get(), changes, clock.instant());
            if (changes.tenantId() != null) {
                requireTenant(connection, updated.tenantId());
            }
            writeKey(connection, updated);
            return Optional.of(updated.withChangeSeq(numberChange(connection, id)));
        });
    }

    @Override
    public boolean revoke(String id) {
        return inTransaction("revoke a key", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?), updated_at = ? WHERE id = ?")) {
                Instant now = clock.instant();
                Sql.setInstant(statement, 1, now);
                Sql.setInstant(statement, 2, now);
                statement.setString(3, id);
                if (statement.executeUpdate() == 0) {
                    return false;
                }
            }
            numberChange(connection, id);
            return true;
        });
    }

    @Override
    public Tenant saveTenant(Tenant tenant) {
        Objects.requireNonNull(tenant.id(), "tenant id");
        return inTransaction("save a tenant", connection -> {
            Instant now = clock.instant();
            Optional<Tenant> existing = oneTenant(connection, "SELECT " + TENANT_COLUMNS
                    + " FROM tenants WHERE id = ? FOR UPDATE", tenant.id());
            Tenant saved = new Tenant(tenant.id(), tenant.name() == null ? tenant.id() : tenant.name(), tenant.quota(),
                    existing.map(Tenant::createdAt).orElse(now), now);
            String sql = existing.isPresent()
                    ? "UPDATE tenants SET name = ?, rpm = ?, tpm = ?, max_concurrent = ?, daily_budget_micros = ?, "
                            + "monthly_budget_micros = ?, created_at = ?, updated_at = ? WHERE id = ?"
                    : "INSERT INTO tenants (name, rpm, tpm, max_concurrent, daily_budget_micros, "
                            + "monthly_budget_micros, created_at, updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, saved.name());
                setQuota(statement, 2, saved.quota());
                Sql.setInstant(statement, 7, saved.createdAt());
                Sql.setInstant(statement, 8, saved.updatedAt());
                statement.setString(9, saved.id());
                statement.executeUpdate();
            }
            return saved;
        });
    }

    @Override
    public Optional<Tenant> tenant(String id) {
        return query("read a tenant", connection -> oneTenant(connection, "SELECT " + TENANT_COLUMNS
                + " FROM tenants WHERE id = ?", id));
    }

    @Override
    public List<Tenant> tenants() {
        return query("list tenants", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + TENANT_COLUMNS
                    + " FROM tenants ORDER BY created_at, id");
                    ResultSet rows = statement.executeQuery()) {
                List<Tenant> tenants = new ArrayList<>();
                while (rows.next()) {
                    tenants.add(tenant(rows));
                }
                return tenants;
            }
        });
    }

    @Override
    public boolean noAdminKeys() {
        return query("count admin keys", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM admin_keys LIMIT 1");
                    ResultSet rows = statement.executeQuery()) {
                return !rows.next();
            }
        });
    }

    @Override
    public void addAdminKey(String hash, String displayPrefix) {
        inTransaction("add an admin key", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO admin_keys (hash, display_prefix, created_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT DO NOTHING")) {
                statement.setString(1, Objects.requireNonNull(hash, "hash"));
                statement.setString(2, Objects.requireNonNull(displayPrefix, "displayPrefix"));
                Sql.setInstant(statement, 3, clock.instant());
                statement.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean isAdminKey(String hash) {
        return query("check an admin key", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM admin_keys WHERE hash = ?")) {
                statement.setString(1, hash);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public Set<String> adminKeyHashes() {
        return query("read admin keys", connection -> {
            Set<String> hashes = new java.util.HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT hash FROM admin_keys");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    hashes.add(rows.getString(1));
                }
            }
            return Set.copyOf(hashes);
        });
    }

    static VirtualKey merge(VirtualKey current, KeySpec changes, Instant now) {
        Instant expiresAt = changes.expiresAt() == null ? current.expiresAt()
                : KeySpec.NO_EXPIRY.equals(changes.expiresAt()) ? null : changes.expiresAt();
        return new VirtualKey(current.id(), current.hash(), current.displayPrefix(),
                or(changes.name(), current.name()), or(changes.tenantId(), current.tenantId()),
                or(changes.userId(), current.userId()), or(changes.allowedModels(), current.allowedModels()),
                or(changes.quota(), current.quota()), expiresAt, or(changes.tier(), current.tier()),
                current.createdAt(), now, current.revokedAt(), or(changes.cachePolicy(), current.cachePolicy()));
    }

    private static <T> T or(T change, T current) {
        return change != null ? change : current;
    }

    private static String newKeyId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return "key_" + HexFormat.of().formatHex(bytes);
    }

    private static void requireTenant(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM tenants WHERE id = ?")) {
            statement.setString(1, tenantId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalArgumentException("unknown tenant '" + tenantId + "': create it first");
                }
            }
        }
    }

    /**
     * Gives the key written in this transaction the next change number and returns it. It must be the last
     * write before commit: the counter row stays locked until then, so numbers are handed out in commit order
     * (the next writer waits here until this one has committed) and a reader that has seen N can never later
     * see a new change numbered N or lower. Taking the counter after the key row (never before) keeps lock
     * order the same in every transaction: no deadlock.
     */
    private static long numberChange(Connection connection, String keyId) throws SQLException {
        try (PreparedStatement bump = connection.prepareStatement(
                "UPDATE key_change_counter SET seq = seq + 1 WHERE id = 1")) {
            bump.executeUpdate();
        }
        long seq;
        try (PreparedStatement read = connection.prepareStatement("SELECT seq FROM key_change_counter WHERE id = 1");
                ResultSet rows = read.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("key_change_counter has no row: is the store migrated?");
            }
            seq = rows.getLong(1);
        }
        try (PreparedStatement stamp = connection.prepareStatement(
                "UPDATE api_keys SET change_seq = ? WHERE id = ?")) {
            stamp.setLong(1, seq);
            stamp.setString(2, keyId);
            stamp.executeUpdate();
        }
        return seq;
    }

    private static void insertKey(Connection connection, VirtualKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO api_keys (name, tenant_id, "
                + "user_id, allowed_models, rpm, tpm, max_concurrent, daily_budget_micros, monthly_budget_micros, "
                + "expires_at, tier, updated_at, revoked_at, cache_policy, id, hash, display_prefix, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            setMutableColumns(statement, key);
            statement.setString(15, key.id());
            statement.setString(16, key.hash());
            statement.setString(17, key.displayPrefix());
            Sql.setInstant(statement, 18, key.createdAt());
            statement.executeUpdate();
        }
    }

    private static void writeKey(Connection connection, VirtualKey key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE api_keys SET name = ?, tenant_id = ?, "
                + "user_id = ?, allowed_models = ?, rpm = ?, tpm = ?, max_concurrent = ?, daily_budget_micros = ?, "
                + "monthly_budget_micros = ?, expires_at = ?, tier = ?, updated_at = ?, revoked_at = ?, "
                + "cache_policy = ? WHERE id = ?")) {
            setMutableColumns(statement, key);
            statement.setString(15, key.id());
            statement.executeUpdate();
        }
    }

    /** Parameters 1..14, in the order shared by {@link #insertKey} and {@link #writeKey}. */
    private static void setMutableColumns(PreparedStatement statement, VirtualKey key) throws SQLException {
        statement.setString(1, key.name());
        statement.setString(2, key.tenantId());
        statement.setString(3, key.userId());
        statement.setString(4, modelsJson(key.allowedModels()));
        setQuota(statement, 5, key.quota());
        Sql.setInstant(statement, 10, key.expiresAt());
        statement.setString(11, key.tier());
        Sql.setInstant(statement, 12, key.updatedAt());
        Sql.setInstant(statement, 13, key.revokedAt());
        statement.setString(14, key.cachePolicy().configName());
    }

    private static void setQuota(PreparedStatement statement, int first, Quota quota) throws SQLException {
        statement.setLong(first, quota.requestsPerMinute());
        statement.setLong(first + 1, quota.tokensPerMinute());
        statement.setInt(first + 2, quota.maxConcurrent());
        statement.setLong(first + 3, quota.dailyBudgetMicros());
        statement.setLong(first + 4, quota.monthlyBudgetMicros());
    }

    private static Quota quota(ResultSet rows) throws SQLException {
        return new Quota(rows.getLong("rpm"), rows.getLong("tpm"), rows.getInt("max_concurrent"),
                rows.getLong("daily_budget_micros"), rows.getLong("monthly_budget_micros"));
    }

    private static Optional<VirtualKey> oneKey(Connection connection, String sql, String parameter)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<VirtualKey> keys = keys(statement);
            return keys.isEmpty() ? Optional.empty() : Optional.of(keys.getFirst());
        }
    }

    private static List<VirtualKey> keys(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<VirtualKey> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(new VirtualKey(rows.getString("id"), rows.getString("hash"), rows.getString("display_prefix"),
                        rows.getString("name"), rows.getString("tenant_id"), rows.getString("user_id"),
                        models(rows.getString("allowed_models")), quota(rows), Sql.instant(rows, "expires_at"),
                        rows.getString("tier"), Sql.instant(rows, "created_at"), Sql.instant(rows, "updated_at"),
                        Sql.instant(rows, "revoked_at"), cachePolicy(rows.getString("cache_policy")),
                        rows.getLong("change_seq")));
            }
            return keys;
        }
    }

    /** A stored policy this version does not know (written by a newer one) is read as the default. */
    private static CachePolicy cachePolicy(String stored) {
        try {
            return CachePolicy.parse(stored);
        } catch (IllegalArgumentException e) {
            return CachePolicy.ON_REQUEST;
        }
    }

    private static Optional<Tenant> oneTenant(Connection connection, String sql, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(tenant(rows)) : Optional.empty();
            }
        }
    }

    private static Tenant tenant(ResultSet rows) throws SQLException {
        return new Tenant(rows.getString("id"), rows.getString("name"), quota(rows), Sql.instant(rows, "created_at"),
                Sql.instant(rows, "updated_at"));
    }

    private static String modelsJson(Set<String> models) {
        try {
            return Json.mapper().writeValueAsString(new TreeSet<>(models));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode allowed models", e);
        }
    }

    private static Set<String> models(String json) {
        try {
            return json == null ? Set.of() : Set.copyOf(Json.mapper().readValue(json, STRINGS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable allowed_models in the store", e);
        }
    }

    private <T> T query(String what, SqlWork<T> work) {
        return transactions.withConnection("could not " + what, work);
    }

    private <T> T inTransaction(String what, SqlWork<T> work) {
        return transactions.inTransaction("could not " + what, work);
    }
}
