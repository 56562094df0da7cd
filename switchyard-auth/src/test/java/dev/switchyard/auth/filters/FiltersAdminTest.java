package dev.switchyard.auth.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.auth.admin.AdminApi;
import dev.switchyard.auth.admin.AdminCredentials;
import dev.switchyard.auth.keys.KeyEvents;
import dev.switchyard.auth.keys.KeyStore;
import dev.switchyard.auth.keys.VirtualKeyAuthService;
import dev.switchyard.jdbc.Database;
import dev.switchyard.auth.store.JdbcKeyStore;
import dev.switchyard.auth.store.TestDatabases;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.core.json.Json;
import dev.switchyard.filter.PolicySpec;
import dev.switchyard.testkit.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /admin/filters} on two replicas sharing one PostgreSQL store and one event channel. */
class FiltersAdminTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String ADMIN = "sk-sy-admin-filters-test-0123456789";
    private static final FiltersConfig CONFIG = new FiltersConfig("base", Map.of("base", new PolicySpec("base",
            List.of(), List.of(), Map.of("email", "redact"), List.of(), "US")), Map.of(), Map.of());

    private final MutableClock clock = new MutableClock();
    private final String schema = TestDatabases.randomSchema();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Bus bus = new Bus();
    private Vertx vertx;
    private Database database;
    private Replica a;
    private Replica b;

    /** Replicas' change events in one process: what Redis pub/sub does between processes. */
    static final class Bus {
        final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

        KeyEvents events() {
            return new KeyEvents() {
                @Override
                public void publish(String event) {
                    listeners.forEach(l -> l.accept(event));
                }

                @Override
                public void subscribe(Consumer<String> listener) {
                    listeners.add(listener);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    record Replica(String url, AtomicReference<FiltersConfig> applied, FilterRefresh refresh) {}

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        database = TestDatabases.postgres(schema);
        a = replica();
        b = replica();
    }

    private Replica replica() throws Exception {
        KeyStore keyStore = new JdbcKeyStore(database, clock);
        VirtualKeyAuthService keys = VirtualKeyAuthService.load(vertx, keyStore, KeyEvents.LOCAL, List.of(), clock,
                Duration.ofHours(1));
        AdminCredentials admins = AdminCredentials.load(vertx, ADMIN, keyStore, Duration.ofHours(1));
        AtomicReference<FiltersConfig> applied = new AtomicReference<>();
        JdbcFilterStore store = new JdbcFilterStore(database, clock);
        FilterRefresh refresh = FilterRefresh.start(vertx, store, bus.events(), applied::set, Duration.ofHours(1));
        AdminApi api = new AdminApi(vertx, keyStore, keys, admins, params -> Json.mapper().createObjectNode(), clock)
                .route("filters", new FiltersRoute(store, refresh, CONFIG));
        HttpServer server = vertx.createHttpServer().requestHandler(api).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        closing.add(keys);
        closing.add(admins);
        closing.add(refresh);
        return new Replica("http://127.0.0.1:" + server.actualPort(), applied, refresh);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        database.close();
        TestDatabases.dropSchema(schema);
    }

    private static HttpResponse<String> call(String method, String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", ADMIN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @Test
    void putPolicyAndAssignment_onOneReplica_theOtherAppliesThem() throws Exception {
        HttpResponse<String> put = call("PUT", a.url() + "/admin/filters/strict",
                "{\"blocked_terms\":[\"project zeus\"],\"pii\":{\"email\":\"block\"}}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).path("source").asText()).isEqualTo("admin");
        HttpResponse<String> assign = call("PUT", a.url() + "/admin/filters/assignments",
                "{\"tenant_id\":\"acme\",\"policy\":\"strict\"}");
        assertThat(assign.statusCode()).as(assign.body()).isEqualTo(200);

        await().untilAsserted(() -> {
            FiltersConfig seen = b.applied().get();
            assertThat(seen.policies().get("strict").blockedTerms()).containsExactly("project zeus");
            assertThat(seen.tenants()).containsEntry("acme", "strict");
        });
        JsonNode got = json(call("GET", b.url() + "/admin/filters/strict", null));
        assertThat(got.path("pii").path("email").asText()).isEqualTo("block");
        JsonNode all = json(call("GET", b.url() + "/admin/filters", null));
        assertThat(all.path("default").asText()).isEqualTo("base");
        assertThat(all.path("data").findValuesAsText("name")).containsExactly("base", "strict");
        assertThat(all.path("assignments").get(0).path("id").asText()).isEqualTo("acme");
    }

    @Test
    void periodicRefresh_picksUpAChangeWhoseEventWasLost() throws Exception {
        JdbcFilterStore direct = new JdbcFilterStore(database, clock);
        direct.assign(JdbcFilterStore.Scope.KEY, "key_1", "base"); // written without telling anyone

        b.refresh().refresh().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(b.applied().get().keys()).containsEntry("key_1", "base");
    }

    @Test
    void delete_assignedPolicy_conflictUntilItsAssignmentIsRemoved() throws Exception {
        call("PUT", a.url() + "/admin/filters/temp", "{\"pii\":{\"ip\":\"redact\"}}");
        call("PUT", a.url() + "/admin/filters/assignments", "{\"key_id\":\"key_9\",\"policy\":\"temp\"}");

        assertThat(call("DELETE", a.url() + "/admin/filters/temp", null).statusCode()).isEqualTo(409);
        assertThat(call("DELETE", a.url() + "/admin/filters/assignments?key_id=key_9", null).statusCode())
                .isEqualTo(200);
        assertThat(call("DELETE", a.url() + "/admin/filters/temp", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", a.url() + "/admin/filters/temp", null).statusCode()).isEqualTo(404);
        await().untilAsserted(() -> assertThat(b.applied().get().policies()).doesNotContainKey("temp"));
    }

    @Test
    void put_invalidPolicy_400NamingKeyAndValue_nothingStored() throws Exception {
        HttpResponse<String> r = call("PUT", a.url() + "/admin/filters/bad", "{\"pii\":{\"email\":\"hide\"}}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").path("message").asText())
                .contains("filters.policies.bad.pii.email: unknown action 'hide'");
        assertThat(call("GET", a.url() + "/admin/filters/bad", null).statusCode()).isEqualTo(404);
    }

    @Test
    void assign_unknownPolicy_400_andConfigPolicyCannotBeDeleted() throws Exception {
        assertThat(call("PUT", a.url() + "/admin/filters/assignments", "{\"tenant_id\":\"t\",\"policy\":\"nope\"}")
                .statusCode()).isEqualTo(400);
        assertThat(call("DELETE", a.url() + "/admin/filters/base", null).statusCode()).isEqualTo(400);
        assertThat(json(call("GET", a.url() + "/admin/filters/base", null)).path("source").asText())
                .isEqualTo("config");
    }

    @Test
    void withoutAdminKey_401() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(a.url() + "/admin/filters")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }
}
