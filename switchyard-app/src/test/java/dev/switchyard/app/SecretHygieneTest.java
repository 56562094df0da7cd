package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets never leave in logs, metrics, ledger or conversation rows, error bodies or spill files:
 * 10,000 requests against a real gateway (auth on, conversations on, a simulator upstream), many of
 * them failures, with valid, revoked, invalid and admin keys in every header position, in query
 * strings, in paths and in bodies; then every place is searched for every key used, whole and by its
 * secret tail. Everything is logged at DEBUG for dev.switchyard (the access log included).
 */
class SecretHygieneTest {
    private static final String MODEL = "claude-sonnet-4-6";
    private static final int REQUESTS = 10_000;

    @TempDir
    Path dir;
    private AuthFixture fx;
    private Harness h;
    private String shardSchema;
    private final LogCapture logs = new LogCapture();

    @BeforeEach
    void start() {
        logs.attach();
        fx = new AuthFixture();
        shardSchema = fx.schema + "_conv0";
        ConversationConfig conversations = new ConversationConfig(true, List.of(new ConversationConfig.Shard("shard-0",
                new StoreConfig(AuthFixture.PG_URL, "postgres", null, null, 4, shardSchema))), 100);
        h = new Harness().deployment("d1", MODEL).auth(fx.config(1, dir)).cache(CacheConfig.l1Only())
                .conversations(conversations).start();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            h.close();
            fx.close();
            try (Connection c = DriverManager.getConnection(AuthFixture.PG_URL, "postgres", null);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + shardSchema + " CASCADE");
            }
        } finally {
            logs.detach();
        }
    }

    @Test
    void tenThousandRequests_keysInEveryPosition_noKeyInLogsMetricsRowsErrorsOrFiles() throws Exception {
        fx.admin(h.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"acme\"}", 201);
        String valid = fx.createKey(h.baseUrl(), "{\"name\":\"ada\",\"tenant_id\":\"acme\",\"user_id\":\"ada\"}")
                .path("key").asText();
        String other = fx.createKey(h.baseUrl(), "{\"name\":\"bob\",\"tenant_id\":\"acme\"}").path("key").asText();
        var revokedView = fx.createKey(h.baseUrl(), "{\"name\":\"old\"}");
        String revoked = revokedView.path("key").asText();
        fx.admin(h.baseUrl(), "DELETE", "/admin/keys/" + revokedView.path("id").asText(), null, 200);
        String conversation = fx.createKey(h.baseUrl(), "{\"name\":\"c\",\"tenant_id\":\"acme\",\"user_id\":\"cy\"}")
                .path("key").asText();
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("valid client key", valid);
        secrets.put("second client key", other);
        secrets.put("revoked key", revoked);
        secrets.put("conversation key", conversation);
        secrets.put("admin key", fx.adminKey);
        secrets.put("upstream deployment key", Harness.UPSTREAM_KEY);
        secrets.put("static client key", Harness.CLIENT_KEY);
        secrets.put("invalid switchyard-looking key", "sk-sy-" + random());
        secrets.put("invalid anthropic-looking key", "sk-ant-api03-" + random());
        secrets.put("bad admin key", "sk-sy-admin-" + random());
        String conversationId = conversation(conversation);

        List<String> errorBodies = send(valid, other, conversation, conversationId, secrets);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> fx.count("SELECT count(*) FROM usage_records") >= REQUESTS / 20);
        Map<String, String> places = new LinkedHashMap<>();
        places.put("error bodies", String.join("\n", errorBodies));
        places.put("/metrics", RawHttp.get(h.baseUrl(), "/metrics").body());
        for (String table : List.of("usage_records", "api_keys", "tenants", "admin_keys", "spend_totals")) {
            places.put("table " + table, fx.dump(table));
        }
        for (String table : List.of("conversations", "messages", "user_profiles")) {
            places.put("shard table " + table, AuthFixture.dump(shardSchema, table));
        }
        places.put("files in the data/spill directory", files(dir));
        places.put("logs", logs.text());

        assertThat(logs.count()).as("the capture saw the traffic").isGreaterThan(REQUESTS / 2);
        assertThat(places.get("table usage_records")).as("the ledger recorded traffic").isNotEmpty();
        List<String> hits = new ArrayList<>();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            String tail = secret.getValue().substring(secret.getValue().length() - 16);
            for (Map.Entry<String, String> place : places.entrySet()) {
                if (place.getValue().contains(tail)) {
                    hits.add(secret.getKey() + " in " + place.getKey() + ": " + around(place.getValue(), tail));
                }
            }
        }
        assertThat(hits).isEmpty();
    }

    /** The traffic; returns the bodies of every non-2xx answer. */
    private List<String> send(String valid, String other, String conversationKey, String conversationId,
            Map<String, String> secrets) throws Exception {
        List<String> keys = List.copyOf(secrets.values());
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger served = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    String secret = keys.get(n % keys.size());
                    HttpResponse<String> r = RawHttp.send(request(n, secret, valid, other, conversationKey,
                            conversationId));
                    if (r.statusCode() / 100 == 2) {
                        served.incrementAndGet();
                    } else {
                        errors.add(r.statusCode() + " " + r.body());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(served.get()).as("successes").isGreaterThan(REQUESTS / 10);
        assertThat(errors).as("failures").hasSizeGreaterThan(REQUESTS / 3);
        return List.copyOf(errors);
    }

    /** Request {@code n} of the mix: {@code secret} lands in a different place each time. */
    private HttpRequest request(int n, String secret, String valid, String other, String conversationKey,
            String conversationId) {
        String base = h.baseUrl();
        String q = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(30))
                .header("anthropic-version", "2023-06-01").header("content-type", "application/json");
        return switch (n % 16) {
            case 0 -> b.uri(URI.create(base + "/v1/messages")).header("x-api-key", valid)
                    .POST(body(secret, false)).build();
            case 1 -> b.uri(URI.create(base + "/v1/messages?key=" + q + "&api_key=" + q))
                    .header("authorization", "Bearer " + other).header("x-foo", secret).POST(body(secret, false)).build();
            case 2 -> b.uri(URI.create(base + "/v1/messages")).header("x-api-key", secret)
                    .POST(body("hello", false)).build();
            case 3 -> b.uri(URI.create(base + "/v1/messages")).header("authorization", "Bearer " + secret)
                    .POST(body("hello", false)).build();
            case 4 -> b.uri(URI.create(base + "/v1/messages?x-api-key=" + q)).header("x-foo", secret)
                    .header("x-api-key", secret + "x").POST(body(secret, false)).build();
            case 5 -> b.uri(URI.create(base + "/v1/" + q)).header("x-api-key", valid).POST(body(secret, false)).build();
            case 6 -> b.uri(URI.create(base + "/v1/models/" + q)).header("x-api-key", valid).GET().build();
            case 7 -> b.uri(URI.create(base + "/admin/keys")).header("x-api-key", secret).GET().build();
            // With the real admin key this creates a tenant: its id is then the admin's choice, not a leak.
            case 8 -> b.uri(URI.create(base + "/admin/tenants?key=" + q)).header("authorization", "Bearer " + secret)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\""
                            + (secret.equals(fx.adminKey) ? "t" + n : secret) + "\"}")).build();
            case 9 -> b.uri(URI.create(base + "/admin/keys/" + q)).header("x-api-key", fx.adminKey).GET().build();
            case 10 -> b.uri(URI.create(base + "/v1/messages")).header("x-api-key", valid)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + secret + "\",\"max_tokens\":5,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
            case 11 -> b.uri(URI.create(base + "/v1/messages/count_tokens")).header("x-api-key", valid)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"system\":\"" + secret
                            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
            case 12 -> b.uri(URI.create(base + "/v1/messages")).header("x-api-key", valid).POST(body(secret, true))
                    .build();
            case 13 -> b.uri(URI.create(base + "/v1/messages")).header("x-api-key", valid)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"max_tokens\":5,"
                            + "\"tools\":[{\"name\":\"t\",\"description\":\"" + secret + "\",\"input_schema\":"
                            + "{\"type\":\"object\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                            + "\"metadata\":{\"user_id\":" + n + "}}")).build();
            case 14 -> n % 64 == 14
                    ? b.uri(URI.create(base + "/v1/conversations/" + conversationId + "/messages?key=" + q))
                            .header("x-api-key", conversationKey).header("x-foo", secret)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL
                                    + "\",\"max_tokens\":8,\"content\":\"hello again\"}")).build()
                    : b.uri(URI.create(base + "/v1/conversations/" + q)).header("x-api-key", conversationKey).GET()
                            .build();
            default -> b.uri(URI.create(base + "/metrics?token=" + q)).header("authorization", "Bearer " + secret)
                    .GET().build();
        };
    }

    private static HttpRequest.BodyPublisher body(String text, boolean stream) {
        return HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"max_tokens\":8,\"stream\":" + stream
                + ",\"metadata\":{\"user_id\":\"" + text + "\"},\"messages\":[{\"role\":\"user\",\"content\":\"my key is "
                + text + "\"}]}");
    }

    private String conversation(String key) {
        HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/conversations"))
                .header("x-api-key", key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"hygiene\"}")).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try {
            return dev.switchyard.core.json.Json.mapper().readTree(r.body()).path("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String files(Path root) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.append(p).append('\n').append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return out.toString();
    }

    private static String around(String text, String needle) {
        int at = text.indexOf(needle);
        return text.substring(Math.max(0, at - 120), Math.min(text.length(), at + needle.length() + 40));
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    /** Every log event of the process, at DEBUG for dev.switchyard, rendered with its stack trace. */
    private static final class LogCapture extends AppenderBase<ILoggingEvent> {
        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final Logger switchyard = (Logger) LoggerFactory.getLogger("dev.switchyard");
        private Level before;

        void attach() {
            before = switchyard.getLevel();
            switchyard.setLevel(Level.DEBUG);
            setContext(root.getLoggerContext());
            start();
            root.addAppender(this);
        }

        void detach() {
            root.detachAppender(this);
            stop();
            switchyard.setLevel(before);
        }

        @Override
        protected void append(ILoggingEvent e) {
            String line = e.getLoggerName() + " " + e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                    + " " + e.getKeyValuePairs();
            if (e.getThrowableProxy() != null) {
                line += "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
            }
            lines.add(line);
        }

        int count() {
            return lines.size();
        }

        String text() {
            return String.join("\n", lines);
        }
    }
}
