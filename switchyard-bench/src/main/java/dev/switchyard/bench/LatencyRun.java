package dev.switchyard.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark b: non-streaming requests at a fixed rate (open loop), latency from each request's due
 * time to the end of its response body, over keep-alive connections; a warm-up phase first, discarded.
 */
final class LatencyRun {
    private LatencyRun() {}

    static int run(Args a) throws Exception {
        Target target = Target.of(a.string("url", null), a.string("key", "bench-key"));
        String label = a.string("label", "target");
        double rate = a.number("rate", 1000);
        double seconds = a.number("duration", 20);
        double warmup = a.number("warmup", 5);
        int connections = a.integer("connections", 64);
        int maxTokens = a.integer("max-tokens", 16);
        int loopCount = a.integer("event-loops", 1);
        a.done();
        Buffer body = Bodies.message("Benchmark: say hello.", maxTokens, false);
        try (Loops loops = Loops.start(loopCount)) {
            HttpClientAgent client = loops.client(connections, true);
            System.out.printf("latency %s (%s): %.0f req/s open loop, %d connections, warm-up %.0f s, measure %.0f s%n",
                    label, target, rate, connections, warmup, seconds);
            phase(loops, client, target, body, rate, warmup);
            Phase p = phase(loops, client, target, body, rate, seconds);
            Percentiles.Summary s = p.latencies.summary();
            System.out.println("  " + s.human() + "  errors " + p.errors.get() + "  sent " + p.sent + " in "
                    + String.format("%.2f", p.seconds) + " s");
            System.out.println("RESULT latency label=" + label + " rate=" + (int) rate + " sent=" + p.sent
                    + " errors=" + p.errors.get() + " unfinished=" + p.unfinished + " " + s.keyValues(""));
            return 0;
        }
    }

    private record Phase(LatencyRecorder latencies, AtomicInteger errors, int sent, double seconds, int unfinished) {}

    private static Phase phase(Loops loops, HttpClientAgent client, Target target, Buffer body, double rate,
            double seconds) throws InterruptedException {
        LatencyRecorder latencies = new LatencyRecorder();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger pending = new AtomicInteger();
        int count = FixedRate.slots(rate, seconds);
        double took = FixedRate.run(rate, count, due -> {
            pending.incrementAndGet();
            loops.execute(() -> client.request(target.post(10_000)).compose(req -> req.send(body))
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .onComplete(ar -> {
                        long latency = System.nanoTime() - due;
                        if (ar.succeeded() && ar.result() == 200) {
                            latencies.record(latency);
                        } else {
                            if (errors.getAndIncrement() < 3) {
                                System.out.println("  error: " + (ar.succeeded() ? "HTTP " + ar.result() : ar.cause()));
                            }
                        }
                        pending.decrementAndGet();
                    }));
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (pending.get() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        return new Phase(latencies, errors, count, took, pending.get());
    }
}
