package dev.switchyard.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchyard.core.config.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The store's connection pool, migrated at open: PostgreSQL when a JDBC URL is configured, otherwise an
 * embedded H2 file in PostgreSQL mode. Timeouts are short so that a database outage fails calls fast
 * (auth's usage ledger retries, its key cache keeps serving) instead of piling up blocked threads.
 */
public final class Database implements AutoCloseable {
    /** H2's "database may be already in use" (another process holds the file). */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final long CONNECTION_TIMEOUT_MS = 2_000;
    /** The embedded store's page cache in KB: see {@link #embeddedUrl}. */
    static final int EMBEDDED_CACHE_KB = 1024;
    /** The embedded file's only user, with no password: the file is the process's own, owner-only. */
    static final String EMBEDDED_USER = "sa";

    private final HikariDataSource pool;
    private final Dialect dialect;

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    /**
     * Opens the store and migrates it with the Flyway scripts at {@code migrationsLocation} (e.g.
     * {@code classpath:db/migration/conversation}). {@code schema} null means the database's default schema
     * ({@code public}); otherwise the schema is created if missing and every connection uses it. Each set of
     * scripts needs its own schema: Flyway keeps one history table per schema and refuses a non-empty schema
     * it has not migrated.
     *
     * @throws IllegalStateException when the database cannot be reached, migrated or (embedded) is locked
     */
    public static Database open(StoreConfig config, String schema, String migrationsLocation) {
        boolean embedded = config.isEmbedded();
        HikariConfig hikari = embedded ? embeddedPool(config) : postgresPool(config);
        hikari.setPoolName(embedded ? "switchyard-store-embedded" : "switchyard-store");
        hikari.setMaximumPoolSize(Math.max(1, config.poolSize()));
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        hikari.setValidationTimeout(1_000);
        if (schema != null) {
            hikari.setSchema(schema);
        }
        HikariDataSource pool = connect(hikari, config);
        if (embedded) {
            restrictEmbeddedFiles(pool, config);
        }
        try {
            migrate(pool, schema, migrationsLocation);
        } catch (RuntimeException e) {
            pool.close();
            throw new IllegalStateException("could not migrate the store " + describe(config) + ": "
                    + Secrets.redact(e.getMessage()), e);
        }
        return new Database(pool, embedded ? Dialect.H2 : Dialect.POSTGRESQL);
    }

    public DataSource dataSource() {
        return pool;
    }

    public boolean isEmbedded() {
        return dialect == Dialect.H2;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The embedded file's JDBC URL; package-private so a test can hold the same file from another process. */
    static String embeddedUrl(Path dir) {
        // NON_KEYWORDS: "day" is reserved in H2 but is a column name (auth's spend_totals) on both databases.
        // DB_CLOSE_ON_EXIT=FALSE: the ledger must still write while the process shuts down; close() ends it.
        // TIME ZONE=UTC: H2 casts timestamps to dates in the session zone, which defaults to the JVM's.
        // CACHE_SIZE (KB): H2's page cache, 16 MB by default, filled by the ledger's writes with pages that are
        // never read again; they lived long enough to reach the old generation and died there, so the quick
        // start's G1 marked concurrently twice a second under load (BENCHMARKS.md, issue 15's eighth pass).
        // Nothing on the request path reads the store; the ledger's writer needs only the right edge of each
        // index, and usage queries read the file through the OS's cache.
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("switchyard")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;NON_KEYWORDS=DAY"
                + ";DB_CLOSE_ON_EXIT=FALSE;TIME ZONE=UTC;CACHE_SIZE=" + EMBEDDED_CACHE_KB;
    }

    private static HikariConfig embeddedPool(StoreConfig config) {
        Path dir = embeddedDir(config);
        try {
            PrivateFiles.createDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded store directory " + dir.toAbsolutePath(), e);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(embeddedUrl(dir));
        hikari.setUsername(EMBEDDED_USER);
        hikari.setPassword("");
        return hikari;
    }

    /** H2 made its files with the process's umask: owner-only, like the directory. */
    private static void restrictEmbeddedFiles(HikariDataSource pool, StoreConfig config) {
        try {
            PrivateFiles.restrictFiles(embeddedFile(config).getParent(), "switchyard.");
        } catch (IOException | RuntimeException e) {
            pool.close();
            throw new IllegalStateException("cannot restrict the embedded store's files in "
                    + embeddedFile(config).getParent() + ": " + e.getMessage(), e);
        }
    }

    private static HikariConfig postgresPool(StoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        // Defaults only: parameters in the URL win. A dead peer must not hang the ledger's writer forever.
        hikari.addDataSourceProperty("connectTimeout", "2");
        hikari.addDataSourceProperty("socketTimeout", "60");
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        return hikari;
    }

    private static HikariDataSource connect(HikariConfig hikari, StoreConfig config) {
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            if (config.isEmbedded() && h2ErrorCode(e) == H2_DATABASE_ALREADY_OPEN) {
                throw new IllegalStateException("the embedded store " + embeddedFile(config)
                        + " is locked by another process (another Switchyard using the same data directory?)", e);
            }
            throw new IllegalStateException("cannot connect to the store " + describe(config) + ": "
                    + Secrets.redact(rootMessage(e)), e);
        }
    }

    /** Brings the schema up to the listed scripts; true when that took Flyway (false: it was current). */
    static boolean migrate(DataSource dataSource, String schema, String migrationsLocation) {
        ClassLoader loader = Database.class.getClassLoader();
        ListedScripts scripts = ListedScripts.of(migrationsLocation, loader);
        if (scripts.entries().filter(e -> SchemaHistory.holdsExactly(dataSource, schema, e)).isPresent()) {
            return false; // every script applied and unchanged: nothing for Flyway to do
        }
        // The listed scripts and no Java migrations: Flyway then never scans the classpath.
        var flyway = Flyway.configure(loader)
                .dataSource(dataSource)
                .locations(migrationsLocation)
                .resourceProvider(scripts)
                .javaMigrationClassProvider(List::of)
                .createSchemas(true)
                .connectRetries(0);
        if (schema != null) {
            flyway.schemas(schema).defaultSchema(schema);
        }
        flyway.load().migrate();
        return true;
    }

    private static int h2ErrorCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
                return sql.getErrorCode();
            }
        }
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    static Path embeddedDir(StoreConfig config) {
        return config.embeddedDir() == null ? Path.of("data") : config.embeddedDir();
    }

    static Path embeddedFile(StoreConfig config) {
        return embeddedDir(config).toAbsolutePath().resolve("switchyard.mv.db");
    }

    private static String describe(StoreConfig config) {
        if (config.isEmbedded()) {
            return embeddedFile(config).toString();
        }
        // URL parameters (and user info) may carry a password: never echo them.
        int query = config.jdbcUrl().indexOf('?');
        return Secrets.redact(query < 0 ? config.jdbcUrl() : config.jdbcUrl().substring(0, query));
    }
}
