package dev.switchyard.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark c: N concurrent streams, one HTTP/1.1 connection each (no keep-alive), opened at a ramp
 * rate so the listen backlog is not flooded, each long enough that all are open at once. Each stream
 * asks one of a few prompts and must carry exactly the simulator's answer to it, so a delta lost,
 * duplicated, reordered or crossed over from another stream is caught.
 */
final class StreamsRun {
    private StreamsRun() {}

    static int run(Args a) throws Exception {
        String key = a.string("key", "bench-key");
        Target target = Target.of(a.string("url", null), key);
        Target reference = Target.of(a.string("reference", target.toString()), key);
        String label = a.string("label", "target");
        int streams = a.integer("streams", 10_000);
        double rate = a.number("rate", 2500);
        int maxTokens = a.integer("max-tokens", 80);
        int prompts = a.integer("prompts", 16);
        double timeout = a.number("timeout", 120);
        int loopCount = a.integer("event-loops", 2);
        a.done();
        try (Loops loops = Loops.start(loopCount)) {
            HttpClientAgent client = loops.client(streams + 16, false);
            List<Expected> expected = new ArrayList<>();
            List<Buffer> bodies = new ArrayList<>();
            for (int i = 0; i < prompts; i++) {
                Expected e = Expected.fetch(client, reference, "Benchmark stream " + i + ": tell me a story.", maxTokens);
                expected.add(e);
                bodies.add(Bodies.message(e.prompt(), maxTokens, true));
            }
            System.out.printf("streams %s (%s): %d streams, one connection each, opened at %.0f/s, %d tokens each%n",
                    label, target, streams, rate, expected.get(0).tokens());
            StreamLoad load = new StreamLoad();
            long start = System.nanoTime();
            long deadline = start + (long) (timeout * 1e9);
            Thread progress = progress(load, start, streams);
            int[] slot = {0};
            FixedRate.run(rate, streams, due -> {
                int i = slot[0]++ % prompts;
                load.launch(loops, client, target, 60_000, due, bodies.get(i), expected.get(i));
            });
            boolean all = load.await(deadline);
            double elapsed = (System.nanoTime() - start) / 1e9;
            progress.interrupt();
            int unfinished = load.launched.get() - load.finished.get();
            long expectedEvents = 0;
            for (int i = 0; i < streams; i++) {
                expectedEvents += 6 + expected.get(i % prompts).tokens();
            }
            System.out.printf("  %d/%d streams complete and correct, %d with errors (%s), %d unfinished after %.1f s%n",
                    load.completed.get(), streams, load.errorCount(), load.errorKinds(), unfinished, elapsed);
            System.out.println("  peak open streams " + load.peakOpen.get() + ", events received " + load.events.sum()
                    + " of " + expectedEvents + " expected");
            System.out.println("  time to headers:     " + load.headers.summary().human());
            System.out.println("  time to first token: " + load.ttft.summary().human());
            System.out.println("  stream duration:     " + load.durations.summary().human());
            load.samples().forEach(s -> System.out.println("  error: " + s));
            System.out.println("RESULT streams label=" + label + " requested=" + streams + " completed="
                    + load.completed.get() + " errors=" + load.errorCount() + " unfinished=" + unfinished
                    + " peak_open=" + load.peakOpen.get() + " events=" + load.events.sum() + " expected_events="
                    + expectedEvents + " error_kinds=" + load.errorKinds() + " elapsed_s="
                    + String.format("%.1f", elapsed) + " all_finished=" + all);
            return 0;
        }
    }

    private static Thread progress(StreamLoad load, long start, int streams) {
        Thread t = new Thread(() -> {
            try {
                while (load.finished.get() < streams) {
                    Thread.sleep(2000);
                    System.out.printf("  [%5.1f s] launched %d, open %d, completed %d, errors %d%n",
                            (System.nanoTime() - start) / 1e9, load.launched.get(), load.open.get(),
                            load.completed.get(), load.errorCount());
                }
            } catch (InterruptedException e) {
                // done
            }
        }, "progress");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
