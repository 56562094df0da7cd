package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.config.AuthConfig;
import dev.switchyard.core.config.FailMode;
import dev.switchyard.core.config.LedgerConfig;
import dev.switchyard.core.config.RedisConfig;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.core.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * The auth service's storage for one test class, isolated from every other run: its own schema in
 * the machine's PostgreSQL (database test) and its own key prefix in its Redis; both are removed at
 * {@link #close()}. Also a small client for the admin API.
 */
final class AuthFixture implements AutoCloseable {
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String REDIS_URL = "redis://127.0.0.1:6379";

    final String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final String schema = "sy_" + id;
    final String adminKey = "sk-sy-admin-" + UUID.randomUUID().toString().replace("-", "");

    AuthConfig config(int replicas, Path spillDir) {
        return config(replicas, spillDir, REDIS_URL);
    }

    AuthConfig config(int replicas, Path spillDir, String redisUrl) {
        StoreConfig store = new StoreConfig(PG_URL, "postgres", null, spillDir, 4, schema);
        RedisConfig redis = new RedisConfig(redisUrl, Duration.ofMillis(50), "sy-test:" + id + ":",
                new dev.switchyard.core.config.BreakerConfig(3, Duration.ofSeconds(1), 1));
        return new AuthConfig(true, adminKey, store, redis, FailMode.CLOSED, FailMode.CLOSED, replicas,
                Duration.ofSeconds(30), new LedgerConfig(10_000, 100, Duration.ofMillis(50), spillDir));
    }

    /** POST/PATCH/GET/DELETE on the admin API; returns the JSON body, asserting the status. */
    JsonNode admin(String baseUrl, String method, String path, String body, int expectedStatus) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("x-api-key", adminKey)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> resp = RawHttp.send(req);
        assertThat(resp.statusCode()).as(method + " " + path + ": " + resp.body()).isEqualTo(expectedStatus);
        try {
            return Json.mapper().readTree(resp.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a key; returns the JSON view with its one-time "key" field. */
    JsonNode createKey(String baseUrl, String json) {
        return admin(baseUrl, "POST", "/admin/keys", json, 201);
    }

    long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", null);
             Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            var rs = s.executeQuery(sql);
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every row of a table as text, to search for what must not be there. */
    String dump(String table) throws Exception {
        return dump(schema, table);
    }

    /** Every row of {@code schema.table} in the test PostgreSQL as text. */
    static String dump(String schema, String table) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", null);
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT * FROM " + schema + "." + table);
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(rs.getString(i)).append('|');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws Exception {
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", null);
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
