package dev.switchyard.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.auth.keys.KeyEvents;
import dev.switchyard.auth.keys.KeySecrets;
import dev.switchyard.auth.keys.KeyStore;
import dev.switchyard.auth.keys.VirtualKeyAuthService;
import dev.switchyard.auth.store.JdbcKeyStore;
import dev.switchyard.auth.store.TestDatabases;
import dev.switchyard.core.json.Json;
import dev.switchyard.jdbc.Database;
import dev.switchyard.testkit.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use {@code /admin}, and what a wrong key costs: nothing from the store (admin credentials are held in
 * memory), and after a burst of failures from one address, a 429 with retry-after for that address only.
 */
class AdminApiAuthenticationTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String CONFIGURED = "sk-sy-admin-configured-0123456789";
    private static final String STORED = KeySecrets.generate(KeySecrets.ADMIN_PREFIX);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private final AtomicInteger storeCalls = new AtomicInteger();
    private Vertx vertx;
    private Database database;
    private VirtualKeyAuthService keys;
    private AdminCredentials admins;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        database = TestDatabases.embedded(dir);
        KeyStore real = new JdbcKeyStore(database, clock);
        real.addAdminKey(KeySecrets.hash(STORED), KeySecrets.displayPrefix(STORED));
        KeyStore counted = (KeyStore) Proxy.newProxyInstance(KeyStore.class.getClassLoader(),
                new Class<?>[] {KeyStore.class}, (proxy, method, args) -> {
                    storeCalls.incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        keys = VirtualKeyAuthService.load(vertx, counted, KeyEvents.LOCAL, List.of(), clock, Duration.ofHours(1));
        admins = AdminCredentials.load(vertx, CONFIGURED, counted, Duration.ofHours(1));
        AdminApi api = new AdminApi(vertx, counted, keys, admins, params -> Json.mapper().createObjectNode(), clock);
        server = vertx.createHttpServer().requestHandler(api).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        admins.close();
        keys.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        database.close();
    }

    @Test
    void unauthenticatedAdminCalls_wrongMissingOrHugeKey_makeNoStoreQuery() throws Exception {
        int before = storeCalls.get();

        for (int i = 0; i < 5; i++) {
            assertThat(get("/admin/keys", "sk-sy-admin-wrong-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(get("/admin/tenants", null).statusCode()).isEqualTo(401);
        assertThat(get("/admin/tenants", "x".repeat(600)).statusCode()).isEqualTo(401);

        assertThat(storeCalls.get() - before).as("store calls for 7 unauthenticated admin calls").isZero();
    }

    @Test
    void adminCalls_configuredAndStoredKeys_areAccepted() throws Exception {
        assertThat(get("/admin/tenants", CONFIGURED).statusCode()).isEqualTo(200);
        assertThat(get("/admin/tenants", STORED).statusCode()).isEqualTo(200);
    }

    @Test
    void failedAdminAttempts_burstFromOneAddress_get429WithRetryAfter_whileAGoodKeyStillWorks() throws Exception {
        int unauthorized = 0;
        HttpResponse<String> limited = null;
        for (int i = 0; i < 100 && limited == null; i++) {
            HttpResponse<String> r = get("/admin/keys", "sk-sy-admin-guess-" + i);
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertThat(r.statusCode()).isEqualTo(401);
                unauthorized++;
            }
        }

        assertThat(limited).as("a burst of bad keys is throttled").isNotNull();
        assertThat(unauthorized).as("a few honest typos are not").isGreaterThanOrEqualTo(3);
        JsonNode body = Json.mapper().readTree(limited.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("rate_limit_error");
        long retryAfter = Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
        assertThat(retryAfter).isPositive();
        assertThat(get("/admin/keys", "sk-sy-admin-guess-again").statusCode()).isEqualTo(429);
        assertThat(get("/admin/tenants", STORED).statusCode()).as("a good key is unaffected").isEqualTo(200);
        assertThat(get("/admin/tenants", CONFIGURED).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(retryAfter));
        assertThat(get("/admin/keys", "sk-sy-admin-guess-later").statusCode()).as("the bucket refills with the clock")
                .isEqualTo(401);
    }

    @Test
    void adminCredentials_keyStoredLater_isAcceptedAfterARefresh() throws Exception {
        String later = KeySecrets.generate(KeySecrets.ADMIN_PREFIX);
        new JdbcKeyStore(database, clock).addAdminKey(KeySecrets.hash(later), KeySecrets.displayPrefix(later));
        assertThat(get("/admin/tenants", later).statusCode()).isEqualTo(401);

        admins.refresh();

        assertThat(get("/admin/tenants", later).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (key != null) {
            b.header("x-api-key", key);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
