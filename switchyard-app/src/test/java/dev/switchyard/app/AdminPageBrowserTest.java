package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live admin page in a real browser: the quick start (embedded store, built-in simulator) on loopback,
 * bounded traffic sent at it while headless Chromium signs in and polls, and assertions on what the page
 * then shows of that traffic. The screenshot and the DOM are kept under target/admin-ui.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPageBrowserTest {
    private static final Path KEPT = Path.of("target", "admin-ui");
    private static final String TENANT = "acme-ui";
    private static final int ACCEPTED = 24;
    private static final int REFUSED = 5;
    /** What the page shows, read in one go; numbers as the page prints them. */
    private static final String PAGE_STATE = """
            (() => {
              const text = (s) => document.querySelector(s)?.textContent ?? null;
              const rows = (s) => [...document.querySelectorAll(s)];
              return {
                polls: Number(document.body.dataset.polls || 0),
                signedIn: document.querySelector('#login').hidden && !document.querySelector('#dashboard').hidden,
                loginError: text('#login-error'),
                requests: text('[data-kpi="requests"]'),
                rejected: text('[data-kpi="rejected"]'),
                requestLines: rows('#chart-requests path[data-series="requests"]').length,
                instances: rows('#instances tbody tr[data-role]').map((r) => ({ role: r.dataset.role,
                  health: r.cells[4].textContent })),
                breakers: rows('#breakers tbody tr[data-deployment]').map((r) => ({ deployment: r.dataset.deployment,
                  state: r.cells[1].textContent })),
                tenants: rows('#spend tbody tr[data-tenant]').map((r) => ({ tenant: r.dataset.tenant,
                  requests: r.cells[1].textContent, cost: r.cells[5].textContent })),
                ledgerState: text('[data-ledger="state"] td'),
                ledgerWritten: text('[data-ledger="written"] td'),
                traces: text('#traces tbody'),
                traceIds: rows('#traces tbody tr[data-trace]').map((r) => r.dataset.trace),
                spanNames: rows('#trace-detail [data-span] > div:first-child > span:first-child').map((e) => e.textContent),
              };
            })()""";

    private QuickStartProcess gateway;
    private HeadlessChromium browser;
    private String tenantKey;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        gateway = QuickStartProcess.start(dir);
        admin("POST", "/admin/tenants", "{\"id\":\"" + TENANT + "\",\"name\":\"Acme UI\"}", 201);
        tenantKey = gateway.createKey("{\"name\":\"ui-test\",\"tenant_id\":\"" + TENANT + "\"}");
        browser = HeadlessChromium.start(dir.resolve("chromium"));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void page_underLoad_showsTheTrafficItMade() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> sent = traffic(clients);
            openSignedOut();
            signIn(gateway.adminKey());
            for (Future<Integer> f : sent) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isIn(200, 401);
            }
            JsonNode shown = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> browser.evaluate(PAGE_STATE), s -> number(s.path("requests")) == ACCEPTED + REFUSED
                            && s.path("tenants").size() > 0 && number(s.path("tenants").get(0).path("requests")) == ACCEPTED);
            keep("admin-page");

            assertThat(number(shown.path("rejected"))).isEqualTo(REFUSED);
            assertThat(shown.path("requestLines").asInt()).isEqualTo(1);
            assertThat(shown.path("instances")).hasSize(ThisProcess.ALL_ROLES.size())
                    .allSatisfy(i -> assertThat(i.path("health").asText()).isEqualTo("healthy"));
            assertThat(shown.path("breakers")).isNotEmpty()
                    .allSatisfy(b -> assertThat(b.path("state").asText()).isEqualTo("closed"));
            JsonNode tenant = shown.path("tenants").get(0);
            assertThat(tenant.path("tenant").asText()).isEqualTo(TENANT);
            assertThat(Double.parseDouble(tenant.path("cost").asText())).isPositive();
            assertThat(shown.path("ledgerState").asText()).isEqualTo("writing");
            assertThat(number(shown.path("ledgerWritten"))).isGreaterThanOrEqualTo(ACCEPTED);
            // the refused requests failed in their auth step: kept whatever the ratio
            assertThat(shown.path("traceIds").size()).isGreaterThanOrEqualTo(REFUSED);

            // a request its client sampled is kept; its row opens its span tree
            String traceId = "5bf92f3577b34da6a3ce929d0e0e4736";
            HttpResponse<String> traced = RawHttp.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl()
                    + "/v1/messages")).header("x-api-key", tenantKey).header("content-type", "application/json")
                    .header("anthropic-version", "2023-06-01").header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .POST(HttpRequest.BodyPublishers.ofString(RawHttp.message("claude-sonnet-4-6"))).build());
            assertThat(traced.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> browser.evaluate(PAGE_STATE), st -> contains(st.path("traceIds"), traceId));
            browser.evaluate("document.querySelector('#traces tbody tr[data-trace=\"" + traceId + "\"]').click()");
            JsonNode opened = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> browser.evaluate(PAGE_STATE), st -> st.path("spanNames").size() > 0);
            keep("admin-page-trace");
            assertThat(opened.path("spanNames").toString()).contains("POST /v1/messages", "chat claude-sonnet-4-6");
        } finally {
            clients.shutdownNow();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void page_wrongKey_staysSignedOutAndSaysSo() throws Exception {
        openSignedOut();

        signIn("sk-sy-admin-not-the-key");

        JsonNode shown = await().atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate(PAGE_STATE),
                s -> !s.path("loginError").asText().isEmpty());
        keep("admin-page-wrong-key");
        assertThat(shown.path("signedIn").asBoolean()).isFalse();
        assertThat(shown.path("loginError").asText()).contains("not accepted");
        assertThat(shown.path("requests").asText()).isEqualTo("–");
    }

    @Test
    void adminData_withoutTheKey_is401InAnthropicsShape_andThePageHoldsNoData() throws Exception {
        HttpResponse<String> stats = RawHttp.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/admin/stats"))
                .GET().build());
        HttpResponse<String> page = RawHttp.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/admin/ui"))
                .GET().build());

        assertThat(stats.statusCode()).isEqualTo(401);
        JsonNode error = Json.mapper().readTree(stats.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'").contains("connect-src 'self'"));
        assertThat(page.body()).contains("Admin key").doesNotContain(gateway.adminKey()).doesNotContain(TENANT);
    }

    /** Refused requests (a wrong key) and accepted ones, half of them streamed, spread over three clients. */
    private List<Future<Integer>> traffic(ExecutorService clients) {
        List<Future<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < REFUSED; i++) {
            sent.add(clients.submit(() -> message("sk-not-a-key", false)));
        }
        for (int i = 0; i < ACCEPTED; i++) {
            boolean stream = i % 2 == 0;
            sent.add(clients.submit(() -> message(tenantKey, stream)));
        }
        return sent;
    }

    private int message(String key, boolean stream) {
        String body = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":32,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}";
        return RawHttp.post(gateway.baseUrl(), "/v1/messages", HttpRequest.BodyPublishers.ofString(body), key)
                .statusCode();
    }

    /** The page with no key in the tab: the login form. */
    private void openSignedOut() {
        browser.navigate(gateway.baseUrl() + "/admin/ui");
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate("document.readyState").asText(),
                "complete"::equals);
        browser.evaluate("sessionStorage.clear()");
        browser.navigate(gateway.baseUrl() + "/admin/ui");
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate(
                "document.readyState === 'complete' && !document.querySelector('#login').hidden").asBoolean());
    }

    /** Types the key into the form and submits it, as a person would. */
    private void signIn(String key) {
        browser.evaluate("document.querySelector('#admin-key').value = " + Json.mapper().valueToTree(key)
                + "; document.querySelector('#login-form').requestSubmit(); true");
    }

    private void keep(String name) throws Exception {
        Files.createDirectories(KEPT);
        browser.screenshot(KEPT.resolve(name + ".png"));
        Files.writeString(KEPT.resolve(name + ".html"), browser.evaluate("document.documentElement.outerHTML").asText());
    }

    private void admin(String method, String path, String body, int status) {
        HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("x-api-key", gateway.adminKey()).header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    }

    /** A number as the page prints it ("1,234"); -1 for none ("–"). */
    private static long number(JsonNode shown) {
        String digits = shown.asText().replace(",", "").trim();
        return digits.matches("\\d+") ? Long.parseLong(digits) : -1;
    }
}
