package dev.switchyard.jdbc;

import dev.switchyard.core.config.StoreConfig;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded store files opened ahead, each by one connection on a thread of its own, while the process builds
 * what comes before its stores. Opening an H2 file (reading it, replaying its schema, the first use of H2's
 * classes) took about a quarter of a second of the quick start's way to /ready, and it waited for the event
 * loops and the metrics to be built first. H2 keeps a database open in the process while any connection to
 * it is, and a later connection to the same URL joins it, waiting if it is still opening: {@link Database#open}
 * then finds the file open. {@link #close()} lets go once the stores are open (or failed to).
 *
 * <p>Only files that already exist are opened: a first start creates its directory and files with the
 * owner-only permissions {@link Database#open} gives them. Nothing here reports a failure: a file this cannot
 * open, {@link Database#open} cannot either, and it says why.
 *
 * <p>Concurrency: {@link #close()} may run before an opening thread has its connection; each connection is
 * closed by whichever of the two comes second, through its future.
 */
public final class EarlyOpen implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyOpen.class);

    private final List<CompletableFuture<Connection>> opening;

    private EarlyOpen(List<CompletableFuture<Connection>> opening) {
        this.opening = opening;
    }

    /** Starts opening each embedded store of {@code stores} whose file exists; the others are left alone. */
    public static EarlyOpen start(List<StoreConfig> stores) {
        List<CompletableFuture<Connection>> opening = new ArrayList<>();
        for (StoreConfig store : stores) {
            if (store.isEmbedded() && Files.isRegularFile(Database.embeddedFile(store))) {
                CompletableFuture<Connection> connection = new CompletableFuture<>();
                String url = Database.embeddedUrl(Database.embeddedDir(store));
                Thread.ofPlatform().daemon().name("switchyard-store-early-open").start(() -> connect(url, connection));
                opening.add(connection);
            }
        }
        return new EarlyOpen(List.copyOf(opening));
    }

    /** One future per file being opened: its connection, or why it could not be had. */
    List<CompletableFuture<Connection>> opening() {
        return opening;
    }

    /** Closes the early connections, now or as each opens; the stores' own connections keep the files open. */
    @Override
    public void close() {
        opening.forEach(connection -> connection.thenAccept(EarlyOpen::closeQuietly));
    }

    private static void connect(String url, CompletableFuture<Connection> connection) {
        try {
            connection.complete(DriverManager.getConnection(url, Database.EMBEDDED_USER, ""));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("early open of an embedded store failed; its own open reports why: {}", e.toString());
            connection.completeExceptionally(e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing an early connection: {}", e.toString());
        }
    }
}
