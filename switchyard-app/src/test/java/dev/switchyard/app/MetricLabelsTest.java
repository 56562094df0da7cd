package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.simulator.SimulatorOptions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Metric labels come from configuration only: with a {@code "*"} deployment (the quick start) a client can
 * send any model id, and each one must not become a label (or a route kept forever).
 */
class MetricLabelsTest {
    private static final String MODEL = "claude-sonnet-4-6";
    private static final int INVENTED = 500;
    private Harness h;

    @BeforeEach
    void start() {
        Set<String> invented = new HashSet<>();
        for (int i = 0; i <= INVENTED; i++) {
            invented.add("made-up-model-" + i);
        }
        h = new Harness().deployment("d1", "sonnet=" + MODEL).deployment("anything", SimulatorOptions.defaults()
                .withTimeToFirstToken(Duration.ofMillis(5)).withTokensPerSecond(0).withEventLoops(1)
                .withModels(invented), "*").start();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void inventedModelIdsAndPaths_throughAWildcardDeployment_doNotGrowMetrics() {
        send(MODEL, false);
        send("sonnet", true);
        send("made-up-model-0", false);
        send("made-up-model-0", true);
        RawHttp.post(h.baseUrl(), "/v1/made-up-path-0", "{}");
        int before = metrics().length();

        for (int i = 1; i <= INVENTED; i++) {
            send("made-up-model-" + i, i % 2 == 0);
            if (i % 50 == 0) {
                RawHttp.post(h.baseUrl(), "/v1/made-up-path-" + i, "{}");
            }
        }

        String after = metrics();
        assertThat(after).doesNotContain("made-up");
        assertThat(after.length()).as("/metrics after 500 invented ids, against %d bytes after one", before)
                .isLessThan(before + 4_000);
        assertThat(after).contains("model=\"" + MODEL + "\"").contains("model=\"sonnet\"").contains("model=\"other\"");
    }

    private void send(String model, boolean stream) {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":16,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        HttpResponse<String> r = RawHttp.post(h.baseUrl(), "/v1/messages", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String metrics() {
        HttpResponse<String> r = RawHttp.get(h.baseUrl(), "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
