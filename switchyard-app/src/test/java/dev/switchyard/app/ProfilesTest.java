package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.core.json.Json;
import dev.switchyard.testkit.RedisServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/users/{user_id}/profile} end to end: two gateway replicas on one PostgreSQL shard and one
 * Redis behind each replica's L1 (the deployment the cache's consistency promise is about), keys of two
 * tenants, one of them bound to a user.
 */
class ProfilesTest {
    private static final String MODEL = "claude-sonnet-4-6";

    @TempDir
    Path dir;
    private AuthFixture fx;
    private RedisServer redis;
    private Harness h;
    private String shardSchema;
    private String replicaB;
    private String acme;
    private String ada;
    private String globex;

    @BeforeEach
    void start() throws Exception {
        fx = new AuthFixture();
        redis = new RedisServer().start();
        shardSchema = fx.schema + "_conv0";
        ConversationConfig shards = new ConversationConfig(true, List.of(new ConversationConfig.Shard("shard-0",
                new StoreConfig(AuthFixture.PG_URL, "postgres", null, null, 4, shardSchema))), 100);
        CacheConfig cache = new CacheConfig(true, 16L << 20, Map.of(), List.of(redis.url()), List.of(), 100,
                Duration.ofMillis(500), "sy-profiles-test:" + fx.id + ":", new BreakerConfig(5, Duration.ofSeconds(5), 1),
                10 * 1024);
        h = new Harness().deployment("d1", MODEL).auth(fx.config(2, dir)).cache(cache).conversations(shards).start();
        replicaB = h.replica().baseUrl();
        fx.admin(h.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"acme\"}", 201);
        fx.admin(h.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"globex\"}", 201);
        acme = fx.createKey(h.baseUrl(), "{\"name\":\"acme\",\"tenant_id\":\"acme\"}").path("key").asText();
        ada = fx.createKey(h.baseUrl(), "{\"name\":\"ada\",\"tenant_id\":\"acme\",\"user_id\":\"ada\"}").path("key").asText();
        globex = fx.createKey(h.baseUrl(), "{\"name\":\"g\",\"tenant_id\":\"globex\"}").path("key").asText();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        redis.close();
        fx.close();
        try (Connection c = DriverManager.getConnection(AuthFixture.PG_URL, "postgres", null);
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + shardSchema + " CASCADE");
        }
    }

    private static HttpResponse<String> call(String baseUrl, String key, String method, String path, String body) {
        return RawHttp.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("x-api-key", key)
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> onA(String key, String method, String user, String body) {
        return call(h.baseUrl(), key, method, "/v1/users/" + user + "/profile", body);
    }

    private HttpResponse<String> onB(String key, String method, String user, String body) {
        return call(replicaB, key, method, "/v1/users/" + user + "/profile", body);
    }

    private static JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return json(r.body());
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    private static JsonNode profile(HttpResponse<String> r) {
        return json(r, 200).path("profile");
    }

    private static void assertError(HttpResponse<String> r, int status, String type) {
        JsonNode body = json(r, status);
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).as(r.body()).isEqualTo(type);
    }

    @Test
    void putThenPatchThenGet_answerTheDocument_inTheProfileShape() {
        assertError(onA(acme, "GET", "bob", null), 404, "not_found_error");

        HttpResponse<String> putResponse = onA(acme, "PUT", "bob",
                "{\"tone\":\"brief\",\"lang\":\"fr\",\"prefs\":{\"a\":1,\"b\":1.10}}");
        JsonNode put = json(putResponse, 200);
        assertThat(put.path("type").asText()).isEqualTo("user_profile");
        assertThat(put.path("user_id").asText()).isEqualTo("bob");
        assertThat(put.path("updated_at").asText()).isEqualTo(h.clock.instant().toString());
        assertThat(putResponse.body()).as("numbers go out as written").contains("\"b\":1.10");

        JsonNode patched = profile(onA(acme, "PATCH", "bob", "{\"lang\":null,\"prefs\":{\"a\":null,\"c\":true}}"));
        assertThat(patched).isEqualTo(json("{\"tone\":\"brief\",\"prefs\":{\"b\":1.10,\"c\":true}}"));
        assertThat(profile(onA(acme, "GET", "bob", null))).isEqualTo(patched);

        assertThat(profile(onA(acme, "PUT", "bob", "{\"only\":1}"))).as("PUT replaces").isEqualTo(json("{\"only\":1}"));
        assertThat(profile(onA(acme, "PATCH", "carol", "{\"new\":1}"))).as("PATCH of none starts from {}")
                .isEqualTo(json("{\"new\":1}"));
    }

    @Test
    void writtenOnReplicaA_readOnReplicaB_patchedOnB_readOnA() {
        onA(acme, "PUT", "bob", "{\"tone\":\"brief\"}");
        assertThat(profile(onB(acme, "GET", "bob", null))).isEqualTo(json("{\"tone\":\"brief\"}"));

        onB(acme, "PATCH", "bob", "{\"lang\":\"de\"}");
        assertThat(profile(onA(acme, "GET", "bob", null))).isEqualTo(json("{\"tone\":\"brief\",\"lang\":\"de\"}"));

        // B has read the profile (and A has filled the cache): a write on A must not be hidden from B.
        assertThat(profile(onB(acme, "GET", "bob", null))).isEqualTo(json("{\"tone\":\"brief\",\"lang\":\"de\"}"));
        onA(acme, "PUT", "bob", "{\"tone\":\"chatty\"}");
        assertThat(profile(onB(acme, "GET", "bob", null))).isEqualTo(json("{\"tone\":\"chatty\"}"));
        assertThat(profile(onB(acme, "GET", "bob", null))).isEqualTo(json("{\"tone\":\"chatty\"}"));
    }

    @Test
    void reads_comeFromTheCache_notTheStore() throws Exception {
        onA(acme, "PUT", "bob", "{\"tone\":\"brief\"}");
        assertThat(profile(onB(acme, "GET", "bob", null))).isEqualTo(json("{\"tone\":\"brief\"}"));
        try (Connection c = DriverManager.getConnection(AuthFixture.PG_URL, "postgres", null);
             Statement s = c.createStatement()) {
            s.execute("UPDATE " + shardSchema + ".user_profiles SET data = '{\"changed\":\"behind its back\"}'");
        }

        assertThat(profile(onA(acme, "GET", "bob", null))).as("a hit, on either replica")
                .isEqualTo(json("{\"tone\":\"brief\"}"));
        assertThat(profile(onB(acme, "GET", "bob", null))).isEqualTo(json("{\"tone\":\"brief\"}"));
    }

    @Test
    void userBoundKey_reachesItsOwnProfileOnly_anotherUsersIsNotFound_evenWhenItExists() {
        onA(acme, "PUT", "bob", "{\"secret\":\"bob's\"}");
        assertThat(profile(onA(ada, "PUT", "ada", "{\"mine\":true}"))).isEqualTo(json("{\"mine\":true}"));
        assertThat(profile(onB(ada, "GET", "ada", null))).isEqualTo(json("{\"mine\":true}"));

        for (String method : List.of("GET", "PUT", "PATCH")) {
            HttpResponse<String> existing = onB(ada, method, "bob", method.equals("GET") ? null : "{\"x\":1}");
            HttpResponse<String> missing = onB(ada, method, "nobody", method.equals("GET") ? null : "{\"x\":1}");
            assertError(existing, 404, "not_found_error");
            assertThat(json(existing.body()).path("error").path("message").asText().replace("bob", "ID"))
                    .as("nothing tells an existing profile from a missing one")
                    .isEqualTo(json(missing.body()).path("error").path("message").asText().replace("nobody", "ID"));
        }
        assertThat(profile(onA(acme, "GET", "bob", null))).as("untouched").isEqualTo(json("{\"secret\":\"bob's\"}"));
        assertThat(profile(onA(acme, "GET", "ada", null))).as("a userless key reaches every user of its tenant")
                .isEqualTo(json("{\"mine\":true}"));
    }

    @Test
    void otherTenant_doesNotSeeTheProfile_andItsOwnUserOfTheSameIdIsSeparate() {
        onA(acme, "PUT", "bob", "{\"tenant\":\"acme\"}");

        assertError(onB(globex, "GET", "bob", null), 404, "not_found_error");
        assertThat(profile(onB(globex, "PATCH", "bob", "{\"tenant\":\"globex\"}"))).isEqualTo(json("{\"tenant\":\"globex\"}"));

        assertThat(profile(onA(acme, "GET", "bob", null))).isEqualTo(json("{\"tenant\":\"acme\"}"));
        assertThat(profile(onA(globex, "GET", "bob", null))).isEqualTo(json("{\"tenant\":\"globex\"}"));
    }

    @Test
    void overTheSizeLimit_isRequestTooLarge_andTheProfileStaysAsItWas() {
        String big = "x".repeat(ConversationConfig.DEFAULT_MAX_PROFILE_BYTES);
        onA(acme, "PUT", "bob", "{\"tone\":\"brief\"}");

        assertError(onA(acme, "PUT", "bob", "{\"a\":\"" + big + "\"}"), 413, "request_too_large");
        assertError(onB(acme, "PATCH", "bob", "{\"a\":\"" + big + "\"}"), 413, "request_too_large");
        // Just under the limit, then a patch that adds a little: over only once merged.
        String almost = "y".repeat(ConversationConfig.DEFAULT_MAX_PROFILE_BYTES - 100);
        assertThat(onA(acme, "PATCH", "bob", "{\"a\":\"" + almost + "\"}").statusCode()).isEqualTo(200);
        assertError(onB(acme, "PATCH", "bob", "{\"b\":\"" + "z".repeat(200) + "\"}"), 413, "request_too_large");

        assertThat(profile(onB(acme, "GET", "bob", null)).path("b").isMissingNode()).isTrue();
        assertThat(profile(onA(acme, "GET", "bob", null)).path("tone").asText()).isEqualTo("brief");
    }

    @Test
    void notAnObject_orNoKey_orAnotherMethod_answerInAnthropicShape() {
        assertError(onA(acme, "PUT", "bob", "[1,2]"), 400, "invalid_request_error");
        assertError(onA(acme, "PATCH", "bob", "{\"a\":"), 400, "invalid_request_error");
        assertError(onA(acme, "PUT", "bob", ""), 400, "invalid_request_error");
        assertError(onA(acme, "DELETE", "bob", null), 400, "invalid_request_error");
        assertError(onA(acme, "POST", "bob", "{}"), 400, "invalid_request_error");
        assertError(onA("sk-sy-not-a-key-0000000000000000", "GET", "bob", null), 401, "authentication_error");
    }

    @Test
    void oddUserIds_answerNotFoundOrBadRequest_neverAServerError_andEncodedIdsWork() throws Exception {
        List<String> paths = List.of("/v1/users/../profile", "/v1/users/%2e%2e/profile", "/v1/users/./profile",
                "/v1/users/a%2fb/profile", "/v1/users/a%5cb/profile", "/v1/users/%00/profile", "/v1/users/a%0ab/profile",
                "/v1/users/%zz/profile", "/v1/users/%2/profile", "/v1/users/%C0%AF/profile", "/v1/users/%20%20/profile",
                "/v1/users/" + "a".repeat(201) + "/profile", "/v1/users/" + "a".repeat(4_000) + "/profile",
                "/v1/users//profile", "/v1/users/a/b/profile", "/v1/users/a/profile/x", "/v1/users/a",
                "/v1/users/", "/v1/users/profile");
        for (String path : paths) {
            for (String method : List.of("GET", "PUT", "PATCH")) {
                String[] r = raw(acme, method, path, method.equals("GET") ? "" : "{\"a\":1}");
                int status = Integer.parseInt(r[0].split(" ")[1]);
                assertThat(status).as(method + " " + path + " -> " + r[1]).isIn(400, 404);
                JsonNode body = json(r[1]);
                assertThat(body.path("error").path("type").asText()).as(method + " " + path)
                        .isIn("invalid_request_error", "not_found_error");
                assertThat(r[1].length()).as("the error does not echo a long id back").isLessThan(1_000);
            }
        }

        String[] put = raw(acme, "PUT", "/v1/users/ana%20mar%C3%ADa%40example.com/profile", "{\"a\":1}");
        assertThat(put[0]).contains(" 200 ");
        assertThat(json(put[1]).path("user_id").asText()).isEqualTo("ana maría@example.com");
        assertThat(profile(onB(acme, "GET", "ana%20mar%C3%ADa%40example.com", null))).isEqualTo(json("{\"a\":1}"));
        assertThat(json(raw(acme, "GET", "/v1/users/" + "a".repeat(200) + "/profile", "")[1])
                .path("error").path("type").asText()).as("200 characters is a user id").isEqualTo("not_found_error");
    }

    /** One request on its own connection, the path sent exactly as given; the status line and the body. */
    private String[] raw(String key, String method, String path, String body) throws Exception {
        URI base = URI.create(h.baseUrl());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String head = method + " " + path + " HTTP/1.1\r\nhost: localhost\r\nx-api-key: " + key
                    + "\r\ncontent-type: application/json\r\ncontent-length: " + bytes.length
                    + "\r\nconnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = reply.indexOf("\r\n\r\n");
            return new String[] {reply.substring(0, reply.indexOf("\r\n")), reply.substring(split + 4)};
        }
    }
}
