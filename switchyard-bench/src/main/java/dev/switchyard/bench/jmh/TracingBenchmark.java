package dev.switchyard.bench.jmh;

import dev.switchyard.core.config.TelemetryConfig;
import dev.switchyard.core.telemetry.TraceNames;
import dev.switchyard.core.telemetry.Tracing;
import dev.switchyard.telemetry.Telemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.MultiMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tracing adds to one request on the gateway's thread, as the request path makes its spans: the
 * server span (context read from the headers, its attributes, two events), three step spans that answered
 * at once (started, never ended), one upstream attempt span (its attributes, its context written into
 * the upstream request's headers), with the quick start's recent-trace store behind them ({@code quickStart}:
 * size 1,000, ratio 0.1) or with tracing off ({@code off}: the no-op the request path checks first).
 * Issue 12: tracing's cost is in the benchmark.
 *
 * <p>Run: {@code java -cp switchyard-bench/target/switchyard-bench.jar org.openjdk.jmh.Main Tracing -f 2}
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TracingBenchmark {
    @Param({"quickStart", "off"})
    public String telemetry;

    private Telemetry sdk;
    private Tracing tracing;
    private final MultiMap clientHeaders = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");

    @Setup(Level.Trial)
    public void setUp() {
        sdk = telemetry.equals("off") ? Telemetry.off() : Telemetry.start(TelemetryConfig.defaults(), "bench", null);
        tracing = sdk.tracing();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sdk.close();
    }

    @Benchmark
    public Span request() {
        if (!tracing.enabled()) {
            return Span.getInvalid();
        }
        Context parent = tracing.extract(clientHeaders);
        Span server = tracing.span("POST /v1/messages", SpanKind.SERVER, parent)
                .setAttribute(TraceNames.HTTP_METHOD, "POST").setAttribute(TraceNames.HTTP_ROUTE, "/v1/messages")
                .setAttribute(TraceNames.REQUEST_ID, "req_0123456789abcdef").startSpan();
        Context trace = parent.with(server);
        try (Scope scope = trace.makeCurrent()) {
            for (String step : new String[] {"auth", "admission", "content_filter"}) {
                Span s = tracing.start(step, SpanKind.INTERNAL, trace);
                try (Scope inner = s.makeCurrent()) {
                    // the step answered at once: its span is never ended
                }
            }
            Span attempt = tracing.span("chat claude-sonnet-4-6", SpanKind.CLIENT, trace)
                    .setAttribute(TraceNames.GEN_AI_SYSTEM, "anthropic").setAttribute(TraceNames.GEN_AI_OPERATION, "chat")
                    .setAttribute(TraceNames.GEN_AI_REQUEST_MODEL, "claude-sonnet-4-6")
                    .setAttribute(TraceNames.GEN_AI_RESPONSE_MODEL, "claude-sonnet-4-6")
                    .setAttribute(TraceNames.DEPLOYMENT, "primary").setAttribute(TraceNames.ATTEMPT, 1L)
                    .setAttribute(TraceNames.FALLBACK, false).setAttribute(TraceNames.SERVER_ADDRESS, "127.0.0.1")
                    .setAttribute(TraceNames.SERVER_PORT, 18090L).startSpan();
            MultiMap upstream = MultiMap.caseInsensitiveMultiMap();
            tracing.inject(trace.with(attempt), upstream);
            attempt.setAttribute(TraceNames.HTTP_STATUS, 200L);
            attempt.end();
        }
        server.addEvent(TraceNames.EVENT_FIRST_TOKEN, Attributes.of(TraceNames.TTFT_MS, 21L));
        server.setAttribute(TraceNames.GEN_AI_SYSTEM, "anthropic");
        server.setAttribute(TraceNames.GEN_AI_REQUEST_MODEL, "claude-sonnet-4-6");
        server.setAttribute(TraceNames.GEN_AI_RESPONSE_MODEL, "claude-sonnet-4-6");
        server.setAttribute(TraceNames.GEN_AI_INPUT_TOKENS, 12L);
        server.setAttribute(TraceNames.GEN_AI_OUTPUT_TOKENS, 16L);
        server.setAttribute(TraceNames.CACHE_HIT, false);
        server.setAttribute(TraceNames.HTTP_STATUS, 200L);
        server.end();
        return server;
    }
}
