package dev.switchyard.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark d: streams started at a fixed rate (open loop) over keep-alive connections; time to first
 * token is from each stream's due time to the arrival of its first content_block_delta. Every stream
 * is also checked event by event against the simulator's answer to the same prompt.
 */
final class TtftRun {
    private TtftRun() {}

    static int run(Args a) throws Exception {
        String key = a.string("key", "bench-key");
        Target target = Target.of(a.string("url", null), key);
        Target reference = Target.of(a.string("reference", target.toString()), key);
        String label = a.string("label", "target");
        double rate = a.number("rate", 200);
        double seconds = a.number("duration", 15);
        double warmup = a.number("warmup", 3);
        int maxTokens = a.integer("max-tokens", 3);
        int connections = a.integer("connections", 256);
        int loopCount = a.integer("event-loops", 1);
        a.done();
        try (Loops loops = Loops.start(loopCount)) {
            HttpClientAgent client = loops.client(connections, true);
            Expected expected = Expected.fetch(client, reference, "Benchmark: time to first token.", maxTokens);
            Buffer body = Bodies.message(expected.prompt(), maxTokens, true);
            System.out.printf("ttft %s (%s): %.0f streams/s open loop, %d tokens each, warm-up %.0f s, measure %.0f s%n",
                    label, target, rate, expected.tokens(), warmup, seconds);
            phase(loops, client, target, body, expected, rate, warmup);
            StreamLoad load = phase(loops, client, target, body, expected, rate, seconds);
            Percentiles.Summary ttft = load.ttft.summary();
            System.out.println("  time to first token: " + ttft.human());
            System.out.println("  stream duration:     " + load.durations.summary().human());
            System.out.println("  completed " + load.completed.get() + "/" + load.launched.get() + ", errors "
                    + load.errorKinds());
            load.samples().forEach(s -> System.out.println("  error: " + s));
            System.out.println("RESULT ttft label=" + label + " rate=" + (int) rate + " launched=" + load.launched.get()
                    + " completed=" + load.completed.get() + " errors=" + load.errorCount() + " unfinished="
                    + (load.launched.get() - load.finished.get()) + " " + ttft.keyValues(""));
            return 0;
        }
    }

    private static StreamLoad phase(Loops loops, HttpClientAgent client, Target target, Buffer body,
            Expected expected, double rate, double seconds) {
        StreamLoad load = new StreamLoad();
        FixedRate.run(rate, FixedRate.slots(rate, seconds),
                due -> load.launch(loops, client, target, 10_000, due, body, expected));
        load.await(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        return load;
    }
}
