package dev.switchyard.cluster.translation;

import static dev.switchyard.cluster.OneRoleLoopback.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cluster.ClusterMetrics;
import dev.switchyard.cluster.OneRoleLoopback;
import dev.switchyard.translation.LanguageDetector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Language detection over a real hop, called from a worker thread as the translate step does; failures are unknown. */
class RemoteLanguageDetectorTest {
    private final CountDownLatch release = new CountDownLatch(1);
    /** French for texts with "bonjour", unknown otherwise; "slow" texts wait for the test, "boom" texts throw. */
    private final LanguageDetector local = text -> {
        if (text.contains("slow")) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (text.contains("boom")) {
            throw new IllegalStateException("models not built");
        }
        return text.contains("bonjour") ? "fr" : null;
    };
    private Vertx serving;
    private OneRoleLoopback loopback;
    private RemoteLanguageDetector remote;

    @BeforeEach
    void start() throws Exception {
        serving = Vertx.vertx();
        loopback = new OneRoleLoopback("translation", new TranslationEndpoint(serving, local).routes());
        remote = new RemoteLanguageDetector(loopback.client(), Duration.ofSeconds(5), loopback.meters);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        loopback.close();
        await(serving.close());
    }

    @Test
    void detect_onAWorkerThread_answersAsTheRoleDoes() throws Exception {
        assertThat(onWorker("bonjour tout le monde")).isEqualTo("fr");
        assertThat(onWorker("hello")).isNull();
        assertThat(fallbacks()).isZero();
    }

    @Test
    void detectAll_oneRoundTrip_languagesInOrderWithUnknowns() throws Exception {
        List<String> found = await(loopback.vertx.executeBlocking(
                () -> remote.detectAll(List.of("hello", "bonjour", "bonjour à tous", "x")), false));

        assertThat(found).containsExactly(null, "fr", "fr", null);
        assertThat(await(loopback.vertx.executeBlocking(() -> remote.detectAll(List.of()), false))).isEmpty();
    }

    @Test
    void detectAll_roleFails_everyLanguageUnknown() throws Exception {
        List<String> found = await(loopback.vertx.executeBlocking(
                () -> remote.detectAll(List.of("bonjour", "boom")), false));

        assertThat(found).containsExactly(null, null);
        assertThat(fallbacks()).isEqualTo(1);
    }

    @Test
    void detect_roleFailsOrIsDown_nullAndCounted() throws Exception {
        assertThat(onWorker("boom")).isNull();
        loopback.stopServer();
        assertThat(onWorker("bonjour")).isNull();
        assertThat(fallbacks()).isEqualTo(2);
    }

    @Test
    void detect_rolePastTheTimeout_null() throws Exception {
        assertThat(onWorker("bonjour")).isEqualTo("fr");
        RemoteLanguageDetector hasty = new RemoteLanguageDetector(loopback.client(), Duration.ofMillis(200),
                loopback.meters);

        String answer = await(loopback.vertx.executeBlocking(() -> hasty.detect("bonjour slow"), false));

        assertThat(answer).isNull();
        assertThat(fallbacks()).isEqualTo(1);
    }

    @Test
    void detect_onAnEventLoop_doesNotBlock_null() throws Exception {
        String answer = await(loopback.vertx.getOrCreateContext().<String>executeBlocking(() -> "unused", false)
                .compose(x -> {
                    // runs on the event loop: a blocking call here would stall it
                    return Future.succeededFuture(String.valueOf(remote.detect("bonjour")));
                }));

        assertThat(answer).isEqualTo("null");
        assertThat(fallbacks()).isEqualTo(1);
    }

    private String onWorker(String text) throws Exception {
        return await(loopback.vertx.executeBlocking(() -> remote.detect(text), false));
    }

    private double fallbacks() {
        var counter = loopback.meters.find(ClusterMetrics.FALLBACKS).tag(ClusterMetrics.TAG_ROLE, "translation")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
