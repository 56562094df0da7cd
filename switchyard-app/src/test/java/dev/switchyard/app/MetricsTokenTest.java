package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code server.metrics_token}: the scrape needs the bearer token when one is set (issue 9, defect 3). */
class MetricsTokenTest {
    private static final String TOKEN = "metrics-token-7f3a9c";
    private Harness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private HttpResponse<String> scrape(String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/metrics")).GET();
        if (authorization != null) {
            b.header("authorization", authorization);
        }
        return RawHttp.send(b.build());
    }

    @Test
    void metrics_withTokenSet_needTheBearerToken() {
        harness = new Harness().server(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withMetricsToken(TOKEN))
                .deployment("a", "claude-sonnet-4-6").start();

        HttpResponse<String> none = scrape(null);
        HttpResponse<String> wrong = scrape("Bearer " + TOKEN + "x");
        HttpResponse<String> clientKey = scrape("Bearer " + Harness.CLIENT_KEY);
        HttpResponse<String> right = scrape("Bearer " + TOKEN);

        for (HttpResponse<String> r : java.util.List.of(none, wrong, clientKey)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("\"type\":\"error\"").contains("\"type\":\"authentication_error\"")
                    .doesNotContain(TOKEN);
        }
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("# TYPE").doesNotContain(TOKEN);
    }

    @Test
    void metrics_withoutToken_areOpen() {
        harness = new Harness().deployment("a", "claude-sonnet-4-6").start();

        assertThat(scrape(null).statusCode()).isEqualTo(200);
    }
}
