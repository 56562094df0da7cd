package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.ServerConfig;
import dev.switchyard.simulator.SimulatorOptions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, defect 4: 1,000 connections trickling their heads and bodies a byte at a time do not push
 * normal requests' p99 past 2x. The bound adds 25 ms to the 2x because this runs on a shared 2-core
 * machine where a scheduler hiccup alone is worth that; a trickle that cost the event loops real work
 * or blocked them (2,000 bytes a second across 1,000 connections) would blow far past it.
 */
class TricklingClientsLoadTest {
    private static final int TRICKLERS = 1_000;
    private static final int SAMPLES = 400;
    private static final String MESSAGE = RawHttp.message("claude-sonnet-4-6");

    private Harness harness;
    private final List<RawSocket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawSocket s : sockets) {
            s.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void thousandTricklingConnections_keepNormalRequestsP99Within2x() throws Exception {
        Duration patient = Duration.ofMinutes(2);
        harness = new Harness().server(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                        .withClientTimeouts(patient, patient, patient).withMaxConnectionsPerIp(TRICKLERS * 2))
                .deployment("a", SimulatorOptions.defaults().withTimeToFirstToken(Duration.ofMillis(1))
                        .withTokensPerSecond(0).withEventLoops(1), "claude-sonnet-4-6")
                .start();
        p99Millis(SAMPLES); // warm-up: JIT, connection pools
        double quiet = p99Millis(SAMPLES);

        for (int i = 0; i < TRICKLERS; i++) {
            RawSocket s = new RawSocket(harness.gateway.port());
            sockets.add(s);
            // Half trickle a head, half a body that was announced as 10,000 bytes.
            s.send(i % 2 == 0 ? "POST /v1/messages HTTP/1.1\r\nHost: x\r\n"
                    : RawSocket.head("POST", "/v1/messages", "content-length: 10000") + "{");
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Thread trickler = Thread.ofPlatform().start(() -> trickle(running, writes, failures));
        try {
            Thread.sleep(500);
            double loaded = p99Millis(SAMPLES);
            System.out.printf("p99 quiet %.2f ms, with %d trickling connections %.2f ms (%d bytes trickled)%n", quiet,
                    TRICKLERS, loaded, writes.get());

            assertThat(failures.get()).as("trickling connections the gateway dropped").isZero();
            assertThat(writes.get()).as("bytes trickled").isGreaterThan(TRICKLERS);
            assertThat(loaded).as("p99 with %d tricklers vs %.2f ms without", TRICKLERS, quiet)
                    .isLessThanOrEqualTo(2 * quiet + 25);
        } finally {
            running.set(false);
            trickler.join();
        }
    }

    /** One byte to every connection about every 500 ms. */
    private void trickle(AtomicBoolean running, AtomicInteger writes, AtomicInteger failures) {
        int round = 0;
        while (running.get()) {
            long start = System.nanoTime();
            for (int i = 0; i < sockets.size() && running.get(); i++) {
                try {
                    sockets.get(i).send(i % 2 == 0 ? "x" + (char) ('a' + round % 26) : " ");
                    writes.incrementAndGet();
                } catch (IOException e) {
                    failures.incrementAndGet();
                }
            }
            round++;
            long left = 500 - (System.nanoTime() - start) / 1_000_000;
            if (left > 0) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private double p99Millis(int n) {
        double[] millis = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = RawHttp.post(harness.baseUrl(), "/v1/messages", MESSAGE);
            millis[i] = (System.nanoTime() - start) / 1e6;
            assertThat(r.statusCode()).isEqualTo(200);
        }
        Arrays.sort(millis);
        return millis[(int) Math.ceil(n * 0.99) - 1];
    }
}
