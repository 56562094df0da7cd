package dev.switchyard.core.config;

import java.nio.file.Path;

/**
 * Where keys, tenants, usage and spend totals live. {@code jdbcUrl} null means the embedded
 * database: a file under {@code embeddedDir} (./data by default), same schema and SQL.
 * The password is a secret: {@link #toString()} never prints it, nor a password parameter of the URL.
 */
public record StoreConfig(String jdbcUrl, String user, String password, Path embeddedDir, int poolSize, String schema) {

    /** In the database's default schema. */
    public StoreConfig(String jdbcUrl, String user, String password, Path embeddedDir, int poolSize) {
        this(jdbcUrl, user, password, embeddedDir, poolSize, null);
    }

    public StoreConfig withSchema(String newSchema) {
        return new StoreConfig(jdbcUrl, user, password, embeddedDir, poolSize, newSchema);
    }

    public static StoreConfig embedded(Path dir) {
        return new StoreConfig(null, null, null, dir, 4);
    }

    public static StoreConfig defaults() {
        return embedded(Path.of("data"));
    }

    public boolean isEmbedded() {
        return jdbcUrl == null;
    }

    @Override
    public String toString() {
        return "StoreConfig[jdbcUrl=" + (jdbcUrl == null ? "<embedded " + embeddedDir + ">" : JdbcUrls.masked(jdbcUrl)) + ", user=" + user
                + ", password=" + (password == null ? "<none>" : "<redacted>") + ", poolSize=" + poolSize + ", schema=" + schema
                + "]";
    }
}
