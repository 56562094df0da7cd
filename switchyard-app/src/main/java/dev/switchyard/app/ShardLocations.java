package dev.switchyard.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.conversation.store.JdbcConversationService;
import dev.switchyard.core.config.JdbcUrls;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.core.error.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where {@code POST /admin/shards} may open a connection pool. Opening a pool runs the driver on whatever the body
 * names (an H2 URL runs {@code INIT} scripts, a PostgreSQL URL may name classes to load), so the body is checked
 * before any pool exists: a {@code jdbc:postgresql:} URL with only safe parameters ({@link JdbcUrls}), or an
 * embedded directory inside the data directory, reached through no symlink that leads out of it. The config
 * file's shards are the operator's and are not checked here.
 */
final class ShardLocations {
    /** A schema is a PostgreSQL schema or, embedded, a directory name: a plain identifier either way. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final int POOL_SIZE = 4;

    private ShardLocations() {}

    /** The checked location named by {@code body}; an invalid_request_error naming the field otherwise. */
    static StoreConfig checked(JsonNode body, Path dataDir) {
        String url = text(body, "url");
        String schema = text(body, "schema");
        String embedded = text(body, "embedded_dir");
        if (schema != null && !IDENTIFIER.matcher(schema).matches()) {
            throw ApiException.invalidRequest("schema: must be an identifier (letters, digits, _; at most 63)");
        }
        if (url != null) {
            JdbcUrls.postgresProblem(url).ifPresent(problem -> {
                throw ApiException.invalidRequest("url: " + problem);
            });
            if (embedded != null) {
                throw ApiException.invalidRequest("embedded_dir: give url or embedded_dir, not both");
            }
            return new StoreConfig(url, text(body, "user"), text(body, "password"), null, POOL_SIZE, schema);
        }
        Path root = dataDir.toAbsolutePath().normalize();
        Path dir;
        try {
            dir = embedded == null ? root : Path.of(embedded).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw outside(root);
        }
        StoreConfig where = new StoreConfig(null, null, null, dir, POOL_SIZE, schema);
        Path realRoot = real(root);
        for (Path p : List.of(dir, JdbcConversationService.embeddedFilesDir(where).toAbsolutePath().normalize())) {
            if (!real(p).startsWith(realRoot)) {
                throw outside(root);
            }
        }
        return where;
    }

    /**
     * Where {@code path} (absolute, normalised) really is: the real path of its deepest existing ancestor, which
     * follows every symlink on the way, plus the rest, which does not exist yet and so holds none.
     */
    private static Path real(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + existing, e);
        }
    }

    private static ApiException outside(Path root) {
        return ApiException.invalidRequest("embedded_dir: must be a directory inside the data directory " + root);
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }
}
