package dev.switchyard.auth.store;

import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.jdbc.Database;

/** Opens the auth store (keys, tenants, admin keys, usage, spend) migrated with auth's own Flyway scripts. */
public final class AuthDatabase {
    public static final String MIGRATIONS = "classpath:db/migration/auth";

    private AuthDatabase() {}

    /**
     * {@code schema} null means the database's default schema; otherwise it is created if missing.
     *
     * @throws IllegalStateException when the database cannot be reached, migrated or (embedded) is locked
     */
    public static Database open(StoreConfig config, String schema) {
        return Database.open(config, schema, MIGRATIONS);
    }
}
