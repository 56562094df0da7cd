package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.core.config.Timeouts;
import dev.switchyard.simulator.Fault;
import dev.switchyard.simulator.SimulatorOptions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failing deployments, breakers, fallbacks: clients see answers, not upstream trouble. */
class ResilienceTest {
    private Harness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void threeDeployments_oneFailing_noClientVisibleErrorsAndBreakerOpensAfterFive() {
        harness = new Harness().deployment("a", "claude-sonnet-4-6").deployment("b", "claude-sonnet-4-6")
                .deployment("bad", "claude-sonnet-4-6").start();
        harness.sim("bad").setFault(Fault.status(500));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            statuses.add(RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"))
                    .statusCode());
        }

        assertThat(statuses).containsOnly(200);
        assertThat(harness.gateway.upstream().breakerState("bad")).isEqualTo("OPEN");
        assertThat(harness.sim("bad").stats().requests()).isEqualTo(5);
        assertThat(harness.gateway.upstream().breakerState("a")).isEqualTo("CLOSED");
        assertThat(RawHttp.get(harness.baseUrl(), "/metrics").body())
                .contains("switchyard_upstream_retries_total{model=\"claude-sonnet-4-6\",reason=\"500\"} 5.0")
                .contains("switchyard_upstream_breaker_state{deployment=\"bad\"} 1.0");
    }

    @Test
    void breaker_afterOpenDuration_halfOpensAndClosesOnSuccess() {
        harness = new Harness().breaker(5, Duration.ofSeconds(60)).deployment("a", "claude-sonnet-4-6")
                .deployment("bad", "claude-sonnet-4-6").start();
        harness.sim("bad").setFault(Fault.status(503));
        for (int i = 0; i < 12; i++) {
            RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"));
        }
        assertThat(harness.gateway.upstream().breakerState("bad")).isEqualTo("OPEN");
        long seen = harness.sim("bad").stats().requests();

        harness.clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 4; i++) {
            RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"));
        }
        assertThat(harness.sim("bad").stats().requests()).as("still open after 30 s").isEqualTo(seen);

        harness.sim("bad").clearFault();
        harness.clock.advance(Duration.ofSeconds(31));
        for (int i = 0; i < 4; i++) {
            assertThat(RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"))
                    .statusCode()).isEqualTo(200);
        }

        assertThat(harness.sim("bad").stats().requests()).isGreaterThan(seen);
        assertThat(harness.gateway.upstream().breakerState("bad")).isEqualTo("CLOSED");
        assertThat(RawHttp.get(harness.baseUrl(), "/metrics").body())
                .contains("from=\"open\",to=\"half_open\"").contains("from=\"half_open\",to=\"closed\"");
    }

    @Test
    void breaker_halfOpenProbeFails_opensAgain() {
        harness = new Harness().deployment("bad", "claude-sonnet-4-6").deployment("a", "claude-sonnet-4-6").start();
        harness.sim("bad").setFault(Fault.status(502));
        for (int i = 0; i < 12; i++) {
            RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"));
        }
        harness.clock.advance(Duration.ofSeconds(61));
        for (int i = 0; i < 3; i++) {
            assertThat(RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"))
                    .statusCode()).isEqualTo(200);
        }

        assertThat(harness.gateway.upstream().breakerState("bad")).isEqualTo("OPEN");
        assertThat(harness.sim("bad").stats().requests()).isEqualTo(6);
    }

    @Test
    void fallback_wholeModelDown_nextModelServesAndHeadersSaySo() {
        harness = new Harness().deployment("opus-1", "opus=claude-opus-4-8").deployment("opus-2", "opus=claude-opus-4-8")
                .deployment("sonnet-1", "sonnet=claude-sonnet-4-6").model("opus", null, "sonnet").start();
        harness.sim("opus-1").setFault(Fault.status(529));
        harness.sim("opus-2").setFault(Fault.status(529));

        HttpResponse<String> r = RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("opus"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-switchyard-fallback")).hasValue("sonnet");
        assertThat(r.headers().firstValue("x-switchyard-upstream")).hasValue("sonnet-1");
        assertThat(r.body()).contains("\"model\":\"claude-sonnet-4-6\"");
        assertThat(harness.sim("sonnet-1").stats().lastBody()).contains("\"model\":\"claude-sonnet-4-6\"");
        assertThat(RawHttp.get(harness.baseUrl(), "/metrics").body())
                .contains("switchyard_upstream_fallbacks_total{from=\"opus\",to=\"sonnet\"} 1.0");
    }

    @Test
    void everythingDown_is529WithTheLastUpstreamError() {
        harness = new Harness().deployment("a", "claude-sonnet-4-6").deployment("b", "claude-sonnet-4-6").start();
        harness.sim("a").setFault(Fault.status(500));
        harness.sim("b").setFault(Fault.status(503));

        HttpResponse<String> r = RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"));

        assertThat(r.statusCode()).isEqualTo(529);
        assertThat(r.body()).contains("\"type\":\"overloaded_error\"").contains("last error: deployment ")
                .containsPattern("status 50[03]");
        assertThat(r.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    }

    @Test
    void retryAfter_onlyDeploymentRateLimitedOnce_isWaitedOutAndServed() {
        harness = new Harness().deployment("a", "claude-sonnet-4-6").start();
        harness.sim("a").setFault(Fault.status(429, Duration.ofMillis(300)).times(1));

        long start = System.nanoTime();
        HttpResponse<String> r = RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-switchyard-attempts")).hasValue("2");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void connectError_deadDeployment_isRetriedElsewhere() {
        harness = new Harness().deployment("a", "claude-sonnet-4-6").deployment("dead", "claude-sonnet-4-6").start();
        Harness.await(harness.sim("dead").close());

        for (int i = 0; i < 6; i++) {
            assertThat(RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"))
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void firstByteTimeout_slowDeployment_isRetriedElsewhere() {
        harness = new Harness().timeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(2)))
                .deployment("slow", "claude-sonnet-4-6").deployment("a", "claude-sonnet-4-6").start();
        harness.sim("slow").setFault(Fault.latency(Duration.ofSeconds(3)));

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-switchyard-upstream")).hasValue("a");
        }
    }

    @Test
    void ready_allDeploymentsOfAModelOpen_isNotReady() {
        harness = new Harness().deployment("a", "claude-sonnet-4-6").start();
        assertThat(RawHttp.get(harness.baseUrl(), "/ready").statusCode()).isEqualTo(200);
        harness.sim("a").setFault(Fault.status(500));
        for (int i = 0; i < 3; i++) {
            RawHttp.post(harness.baseUrl(), "/v1/messages", RawHttp.message("claude-sonnet-4-6"));
        }

        assertThat(RawHttp.get(harness.baseUrl(), "/ready").statusCode()).isEqualTo(503);
        harness.clock.advance(Duration.ofSeconds(61));
        assertThat(RawHttp.get(harness.baseUrl(), "/ready").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> RawHttp.get(harness.baseUrl(), "/health").statusCode() == 200);
    }

    static SimulatorOptions slowStream() {
        return SimulatorOptions.defaults().withTimeToFirstToken(Duration.ofMillis(5)).withTokensPerSecond(20)
                .withResponseTokens(200).withEventLoops(1);
    }
}
