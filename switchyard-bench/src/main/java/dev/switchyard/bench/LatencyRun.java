package dev.switchyard.bench;

import dev.switchyard.core.net.WholeResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
        // For the cache run (f): the x-switchyard-cache header, another model (an unknown one gives the
        // gateway's own floor: a 404 it answers itself), the status that counts as success, and "yes" to
        // make every prompt different (each request a real cache miss).
        String cache = a.string("cache", "");
        String model = a.string("model", Bodies.MODEL);
        int expect = a.integer("expect", 200);
        boolean unique = "yes".equals(a.string("unique", "no"));
        a.done();
        Request request = new Request(target, model, maxTokens, cache, expect, unique);
        try (Loops loops = Loops.start(loopCount)) {
            HttpClientAgent client = loops.client(connections, true);
            System.out.printf("latency %s (%s): %.0f req/s open loop, %d connections, warm-up %.0f s, measure %.0f s%n",
                    label, target, rate, connections, warmup, seconds);
            phase(loops, client, request, rate, warmup);
            Phase p = phase(loops, client, request, rate, seconds);
            Percentiles.Summary s = p.latencies.summary();
            System.out.println("  " + s.human() + "  errors " + p.errors.get() + "  sent " + p.sent + " in "
                    + String.format("%.2f", p.seconds) + " s");
            System.out.println("RESULT latency label=" + label + " rate=" + (int) rate + " sent=" + p.sent
                    + " errors=" + p.errors.get() + " unfinished=" + p.unfinished + " " + s.keyValues(""));
            return 0;
        }
    }

    private record Phase(LatencyRecorder latencies, AtomicInteger errors, int sent, double seconds, int unfinished) {}

    /** What each request of a run sends, and which status counts as an answer. */
    private record Request(Target target, String model, int maxTokens, String cache, int expect, boolean unique) {
        private static final AtomicLong SEQUENCE = new AtomicLong();

        RequestOptions options() {
            RequestOptions o = target.post(10_000);
            return cache.isEmpty() ? o : o.putHeader("x-switchyard-cache", cache);
        }

        Buffer body() {
            String prompt = unique ? "Benchmark: say hello. #" + SEQUENCE.incrementAndGet() : "Benchmark: say hello.";
            return Bodies.message(model, prompt, maxTokens, false);
        }
    }

    private static Phase phase(Loops loops, HttpClientAgent client, Request request, double rate,
            double seconds) throws InterruptedException {
        Buffer fixedBody = request.body();
        LatencyRecorder latencies = new LatencyRecorder();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger pending = new AtomicInteger();
        int count = FixedRate.slots(rate, seconds);
        double took = FixedRate.run(rate, count, due -> {
            pending.incrementAndGet();
            Buffer body = request.unique() ? request.body() : fixedBody;
            loops.execute(() -> WholeResponse.send(client, request.options(), body).map(WholeResponse::status)
                    .onComplete(ar -> {
                        long latency = System.nanoTime() - due;
                        if (ar.succeeded() && ar.result() == request.expect()) {
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
