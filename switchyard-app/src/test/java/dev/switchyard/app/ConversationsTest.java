package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.core.json.Json;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversation service end to end: {@code /v1/conversations} through the gateway with keys of two
 * tenants, two PostgreSQL shards (schemas of the machine's database), the L1 cache, and the admin
 * routes for warm-up and shards.
 */
class ConversationsTest {
    private static final String MODEL = "claude-sonnet-4-6";

    @TempDir
    Path dir;
    private AuthFixture fx;
    private Harness h;
    private final List<String> shardSchemas = new ArrayList<>();
    private String ada;
    private String globex;

    @BeforeEach
    void start() {
        fx = new AuthFixture();
        ConversationConfig shards = new ConversationConfig(true, List.of(shard(0), shard(1)), 100);
        h = new Harness().deployment("d1", MODEL).auth(fx.config(1, dir)).cache(CacheConfig.l1Only())
                .conversations(shards).start();
        fx.admin(h.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"acme\"}", 201);
        fx.admin(h.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"globex\"}", 201);
        ada = fx.createKey(h.baseUrl(), "{\"name\":\"ada\",\"tenant_id\":\"acme\",\"user_id\":\"ada\"}").path("key").asText();
        globex = fx.createKey(h.baseUrl(), "{\"name\":\"g\",\"tenant_id\":\"globex\"}").path("key").asText();
    }

    private ConversationConfig.Shard shard(int i) {
        String schema = fx.schema + "_conv" + i;
        shardSchemas.add(schema);
        return new ConversationConfig.Shard("shard-" + i,
                new StoreConfig(AuthFixture.PG_URL, "postgres", null, null, 4, schema));
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        fx.close();
        try (Connection c = DriverManager.getConnection(AuthFixture.PG_URL, "postgres", null);
             Statement s = c.createStatement()) {
            for (String schema : shardSchemas) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private HttpResponse<String> call(String key, String method, String path, String body) {
        return RawHttp.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + path)).header("x-api-key", key)
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        try {
            return Json.mapper().readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String create(String key, String title) {
        return json(call(key, "POST", "/v1/conversations", "{\"title\":\"" + title + "\"}"), 200).path("id").asText();
    }

    private static String turn(String content, boolean stream) {
        return "{\"model\":\"" + MODEL + "\",\"max_tokens\":64,\"stream\":" + stream + ",\"content\":\"" + content + "\"}";
    }

    @Test
    void roundTrip_secondTurn_sendsTheWholeHistory_andStoresEveryTurn() throws Exception {
        String id = create(ada, "names");

        JsonNode first = json(call(ada, "POST", "/v1/conversations/" + id + "/messages", turn("My name is Ada", false)), 200);
        json(call(ada, "POST", "/v1/conversations/" + id + "/messages", turn("What is my name?", false)), 200);

        JsonNode sent = Json.mapper().readTree(h.sim("d1").stats().lastBody()).path("messages");
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).path("content").asText()).isEqualTo("My name is Ada");
        assertThat(sent.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(sent.get(1).path("content")).isEqualTo(first.path("content"));
        assertThat(sent.get(2).path("content").asText()).isEqualTo("What is my name?");
        JsonNode stored = json(call(ada, "GET", "/v1/conversations/" + id, null), 200);
        assertThat(stored.path("message_count").asInt()).isEqualTo(4);
        assertThat(stored.path("messages").findValuesAsText("role")).containsExactly("user", "assistant", "user", "assistant");
        assertThat(stored.path("user_id").asText()).isEqualTo("ada");
    }

    @Test
    void turnAnsweredFromTheResponseCache_isStoredInTheConversationToo() {
        String first = create(ada, "one");
        String second = create(ada, "two");
        HttpRequest.Builder req = HttpRequest.newBuilder().header("x-api-key", ada).header("x-switchyard-cache", "use")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(turn("Same start", false)));

        HttpResponse<String> miss = RawHttp.send(req.copy().uri(URI.create(h.baseUrl() + "/v1/conversations/" + first
                + "/messages")).build());
        HttpResponse<String> hit = RawHttp.send(req.copy().uri(URI.create(h.baseUrl() + "/v1/conversations/" + second
                + "/messages")).build());

        assertThat(miss.headers().firstValue("x-switchyard-cache")).hasValue("miss");
        assertThat(hit.headers().firstValue("x-switchyard-cache")).hasValue("hit");
        JsonNode stored = json(call(ada, "GET", "/v1/conversations/" + second, null), 200);
        assertThat(stored.path("messages").findValuesAsText("role")).containsExactly("user", "assistant");
        assertThat(stored.path("messages").get(1).path("content")).isEqualTo(json(hit, 200).path("content"));
    }

    @Test
    void streamingTurn_streamsEvents_andStoresTheAssembledReply() {
        String id = create(ada, "stream");

        HttpResponse<String> r = call(ada, "POST", "/v1/conversations/" + id + "/messages", turn("Stream to me", true));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(r.body()).contains("event: message_start").endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        StringBuilder streamed = new StringBuilder();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: ") && line.contains("\"text_delta\"")) {
                streamed.append(json(line.substring(6)).path("delta").path("text").asText());
            }
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode stored = json(call(ada, "GET", "/v1/conversations/" + id, null), 200).path("messages");
            assertThat(stored).hasSize(2);
            assertThat(stored.get(1).path("content").get(0).path("text").asText()).isEqualTo(streamed.toString());
        });
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void otherTenant_cannotSeeListSendToOrDelete_aConversation() {
        String id = create(ada, "private");
        json(call(ada, "POST", "/v1/conversations/" + id + "/messages", turn("secret", false)), 200);

        assertThat(json(call(globex, "GET", "/v1/conversations/" + id, null), 404).path("error").path("type").asText())
                .isEqualTo("not_found_error");
        json(call(globex, "POST", "/v1/conversations/" + id + "/messages", turn("let me in", false)), 404);
        json(call(globex, "DELETE", "/v1/conversations/" + id, null), 404);
        assertThat(json(call(globex, "GET", "/v1/conversations?user_id=ada", null), 200).path("data")).isEmpty();
        assertThat(json(call(ada, "GET", "/v1/conversations/" + id, null), 200).path("message_count").asInt()).isEqualTo(2);
        json(call(ada, "GET", "/v1/conversations?user_id=somebody-else", null), 403);
    }

    @Test
    void userBoundKey_otherUsersConversation_isNotFoundForGetSendAndDelete_andNotListed() {
        String bob = fx.createKey(h.baseUrl(), "{\"name\":\"bob\",\"tenant_id\":\"acme\",\"user_id\":\"bob\"}")
                .path("key").asText();
        String id = create(ada, "ada's diary");
        json(call(ada, "POST", "/v1/conversations/" + id + "/messages", turn("my secret", false)), 200);
        long upstreamCalls = h.sim("d1").stats().requests();

        assertNotFound(call(bob, "GET", "/v1/conversations/" + id, null));
        assertNotFound(call(bob, "GET", "/v1/conversations/" + id + "/messages", null));
        assertNotFound(call(bob, "POST", "/v1/conversations/" + id + "/messages", turn("let me in", false)));
        assertNotFound(call(bob, "DELETE", "/v1/conversations/" + id, null));
        assertThat(json(call(bob, "GET", "/v1/conversations", null), 200).path("data")).isEmpty();

        assertThat(h.sim("d1").stats().requests()).as("bob's turn never reached the model").isEqualTo(upstreamCalls);
        JsonNode stored = json(call(ada, "GET", "/v1/conversations/" + id, null), 200);
        assertThat(stored.path("message_count").asInt()).isEqualTo(2);
        assertThat(json(call(ada, "GET", "/v1/conversations", null), 200).path("data").findValuesAsText("id"))
                .containsExactly(id);
    }

    @Test
    void userBoundKey_otherUsersConversationInTheCache_isNotFound() {
        String bob = fx.createKey(h.baseUrl(), "{\"name\":\"bob\",\"tenant_id\":\"acme\",\"user_id\":\"bob\"}")
                .path("key").asText();
        String id = create(ada, "cached");
        fx.admin(h.baseUrl(), "DELETE", "/admin/cache/acme", null, 200);
        json(call(ada, "GET", "/v1/conversations/" + id, null), 200);
        assertThat(inCache(id)).as("ada's read filled the cache").isTrue();

        assertNotFound(call(bob, "GET", "/v1/conversations/" + id, null));
        assertNotFound(call(bob, "POST", "/v1/conversations/" + id + "/messages", turn("from the cache?", false)));
        assertThat(inCache(id)).isTrue();
        json(call(ada, "GET", "/v1/conversations/" + id, null), 200);
    }

    @Test
    void userlessKey_keepsTenantWideAccess_toEveryUsersConversations() {
        String admin = fx.createKey(h.baseUrl(), "{\"name\":\"ops\",\"tenant_id\":\"acme\"}").path("key").asText();
        String id = create(ada, "shared with ops");

        assertThat(json(call(admin, "GET", "/v1/conversations/" + id, null), 200).path("user_id").asText())
                .isEqualTo("ada");
        json(call(admin, "POST", "/v1/conversations/" + id + "/messages", turn("ops here", false)), 200);
        assertThat(json(call(admin, "GET", "/v1/conversations?user_id=ada", null), 200).path("data")
                .findValuesAsText("id")).containsExactly(id);
        json(call(admin, "DELETE", "/v1/conversations/" + id, null), 200);
        assertNotFound(call(ada, "GET", "/v1/conversations/" + id, null));
    }

    @Test
    void oddConversationIds_answerNotFoundOrBadRequestInAnthropicShape_neverAServerError() throws Exception {
        String id = create(ada, "x");
        List<String> paths = List.of("/v1/conversations/../admin", "/v1/conversations/%2e%2e", "/v1/conversations/%2e%2e/admin",
                "/v1/conversations/..%2fadmin%2fkeys", "/v1/conversations/" + id + "/..", "/v1/conversations/" + id + "/../..",
                "/v1/conversations/" + "a".repeat(4_000), "/v1/conversations/123e4567-e89b-12d3-a456-426614174000",
                "/v1/conversations/conv_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "/v1/conversations/%00", "/v1/conversations/%zz",
                "/v1/conversations/" + id + "%00", "/v1/conversations//", "/v1/conversations/" + id + "/messages/extra",
                "/v1/conversations?limit=%zz", "/v1/conversations?after=%zz", "/v1/conversations?after=not-a-cursor",
                "/v1/conversationsX");
        for (String path : paths) {
            for (String method : path.contains("?") ? List.of("GET") : List.of("GET", "POST", "DELETE")) {
                String[] r = raw(ada, method, path, method.equals("POST") ? turn("hi", false) : "");
                int status = Integer.parseInt(r[0].split(" ")[1]);
                assertThat(status).as(method + " " + path + " -> " + r[1]).isIn(400, 404, 405);
                JsonNode body = json(r[1]);
                assertThat(body.path("type").asText()).as(method + " " + path).isEqualTo("error");
                assertThat(body.path("error").path("type").asText()).as(method + " " + path)
                        .isIn("invalid_request_error", "not_found_error");
                assertThat(r[1].length()).as("the error does not echo a long id back").isLessThan(1_000);
            }
        }
        json(call(ada, "GET", "/v1/conversations/" + id, null), 200);
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

    private static void assertNotFound(HttpResponse<String> r) {
        assertThat(json(r, 404).path("error").path("type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void list_newestFirst_inPages() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create(ada, "c" + i));
            h.clock.advance(Duration.ofSeconds(1));
        }

        JsonNode page1 = json(call(ada, "GET", "/v1/conversations?limit=2", null), 200);
        JsonNode page2 = json(call(ada, "GET", "/v1/conversations?limit=2&after=" + page1.path("next").asText(), null), 200);

        assertThat(page1.path("data").findValuesAsText("id")).containsExactly(ids.get(2), ids.get(1));
        assertThat(page1.path("has_more").asBoolean()).isTrue();
        assertThat(page2.path("data").findValuesAsText("id")).containsExactly(ids.get(0));
        assertThat(page2.path("has_more").asBoolean()).isFalse();
    }

    private boolean inCache(String id) {
        return fx.admin(h.baseUrl(), "GET", "/admin/cache/acme?kind=conversation&key=" + id, null, 200)
                .path("found").asBoolean();
    }

    @Test
    void warmUp_afterAPause_andOnDemand_loadsTheFiveMostRecent() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(create(ada, "c" + i));
            h.clock.advance(Duration.ofSeconds(1));
        }
        fx.admin(h.baseUrl(), "DELETE", "/admin/cache/acme", null, 200);
        assertThat(ids).noneMatch(this::inCache);

        h.clock.advance(Duration.ofMinutes(11));
        json(call(ada, "GET", "/v1/conversations?limit=1", null), 200);

        await().atMost(Duration.ofSeconds(5)).until(() -> ids.subList(1, 6).stream().allMatch(this::inCache));
        assertThat(inCache(ids.get(0))).as("the sixth most recent is not warmed").isFalse();

        fx.admin(h.baseUrl(), "DELETE", "/admin/cache/acme", null, 200);
        JsonNode warmed = fx.admin(h.baseUrl(), "POST", "/admin/warmup", "{\"tenant_id\":\"acme\",\"user_id\":\"ada\"}", 200);
        assertThat(warmed.path("warmed").asInt()).isEqualTo(5);
        assertThat(ids.subList(1, 6)).allMatch(this::inCache);
    }

    @Test
    void shards_statsAndAddingAShard_throughTheAdminApi_loseNothing() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String key = fx.createKey(h.baseUrl(), "{\"name\":\"u" + i + "\",\"tenant_id\":\"acme\",\"user_id\":\"user-" + i
                    + "\"}").path("key").asText();
            String id = create(key, "c" + i);
            json(call(key, "POST", "/v1/conversations/" + id + "/messages", turn("hello " + i, false)), 200);
            ids.add(key + " " + id);
        }
        JsonNode before = fx.admin(h.baseUrl(), "GET", "/admin/shards", null, 200).path("data");
        assertThat(before).hasSize(2);
        assertThat(before.findValues("conversations").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(12);

        String schema = shard(2).store().schema();
        JsonNode report = fx.admin(h.baseUrl(), "POST", "/admin/shards", "{\"name\":\"shard-2\",\"url\":\""
                + AuthFixture.PG_URL + "\",\"user\":\"postgres\",\"schema\":\"" + schema + "\"}", 200);

        JsonNode after = fx.admin(h.baseUrl(), "GET", "/admin/shards", null, 200).path("data");
        assertThat(after).hasSize(3);
        int onNewShard = 0;
        for (JsonNode s : after) {
            onNewShard += s.path("shard").asText().equals("shard-2") ? s.path("conversations").asInt() : 0;
        }
        assertThat(onNewShard).as("about a third of the conversations move").isBetween(1, 11);
        assertThat(report.path("conversations_moved").asInt()).isEqualTo(onNewShard);
        assertThat(after.findValues("conversations").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(12);
        fx.admin(h.baseUrl(), "DELETE", "/admin/cache/acme", null, 200);
        for (String keyAndId : ids) {
            String[] p = keyAndId.split(" ");
            assertThat(json(call(p[0], "GET", "/v1/conversations/" + p[1], null), 200).path("message_count").asInt())
                    .isEqualTo(2);
        }
    }
}
