package dev.switchyard.bench.jmh;

import dev.switchyard.filter.policy.FilterPolicy;
import dev.switchyard.filter.FilterResult;
import dev.switchyard.filter.policy.StreamingFilter;
import dev.switchyard.filter.policy.TextFilter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The content filter's default PII set (email, phone, card, IBAN, IP, all redacted) over 1 KB of
 * prose with five PII items, as one text ({@code oneShot}) and as 16-character stream deltas
 * ({@code streamed16}). Issue 10's target: at most 50 µs per KB.
 *
 * <p>Run: {@code java -cp switchyard-bench/target/switchyard-bench.jar org.openjdk.jmh.Main ContentFilter -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ContentFilterBenchmark {
    static final String TEXT = kilobyte();

    private TextFilter filter;

    private static String kilobyte() {
        String text = "Thanks for getting back to me so quickly. I went through the migration plan for the billing "
                + "service and I think we can move the nightly export to the new cluster next week. Before that, "
                + "could you double-check the firewall rule for 10.24.8.17? The old host still answers on port 443 "
                + "and I would rather not have two exporters writing at once. If anything goes wrong, reach me at "
                + "maria.lopez@example.com or on my mobile, (650) 253-0000, any time after 9 am. Finance asked me "
                + "to confirm the refund for order 88412: the customer paid with card 4111 1111 1111 1111 and wants "
                + "the money sent to DE89 3704 0044 0532 0130 00 instead, which is fine as long as the ticket has "
                + "their written consent attached. Also, version 2.3.1 of the client library fixed the retry bug "
                + "we saw on 2026-11-20, so please upgrade the three remaining services before Friday. Let me know "
                + "whether the staging numbers look right; last time the dashboards lagged by about 15 minutes and ";
        StringBuilder kb = new StringBuilder(text);
        while (kb.length() < 1024) {
            kb.append("the summary came out half empty. ");
        }
        return kb.substring(0, 1024);
    }

    @Setup
    public void setUp() {
        filter = TextFilter.compile(FilterPolicy.redactAllPii("default"));
    }

    @Benchmark
    public FilterResult oneShot() {
        return filter.apply(TEXT);
    }

    @Benchmark
    public int streamed16() {
        StreamingFilter stream = filter.stream();
        int released = 0;
        for (int at = 0; at < TEXT.length(); at += 16) {
            released += stream.push(TEXT.substring(at, Math.min(TEXT.length(), at + 16))).length();
        }
        return released + stream.finish().length();
    }
}
