package dev.switchyard.gateway;

import dev.switchyard.core.telemetry.TraceNames;
import io.opentelemetry.api.common.Attributes;
import io.vertx.core.Future;

/**
 * Watches the response go by, unchanged, for what metrics and the ledger need: the usage of
 * {@code message_start} and {@code message_delta}, and when a stream's first content arrived. Only those
 * events' data is parsed; the others pass by their name. An unchanged part of a whole message is read
 * off the message itself (its usage is the answer's), so its events' data is never built for this.
 */
final class UsageTapStep implements Step {
    static final Attribute<Usage> USAGE = Attribute.named("usage");
    /** System.nanoTime() of a stream's first content delta. */
    static final Attribute<Long> FIRST_TOKEN = Attribute.named("first-token");

    private final GatewayMeters meters;

    UsageTapStep(GatewayMeters meters) {
        this.meters = meters;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        return NEXT;
    }

    @Override
    public ResponseStage response(Exchange ex) {
        Usage usage = new Usage();
        ex.put(USAGE, usage);
        return new ResponseStage() {
            @Override
            public void event(ResponseEvent event, EventSink next) {
                switch (event.type()) {
                    case "message_start" -> usage.read(event.whole() != null ? event.whole().usage()
                            : event.data().path("message").path("usage"));
                    case "message_delta" -> usage.read(event.whole() != null ? event.whole().usage()
                            : event.data().path("usage"));
                    case "content_block_delta" -> firstContent(ex, event);
                    default -> { }
                }
                next.emit(event);
            }
        };
    }

    private void firstContent(Exchange ex, ResponseEvent event) {
        if (event.streamed() && !ex.has(FIRST_TOKEN)) {
            long now = System.nanoTime();
            ex.put(FIRST_TOKEN, now);
            meters.timeToFirstToken(ex.model, ex.deployment, now - ex.startNanos);
            if (ex.traced()) {
                ex.span.addEvent(TraceNames.EVENT_FIRST_TOKEN,
                        Attributes.of(TraceNames.TTFT_MS, (now - ex.startNanos) / 1_000_000));
            }
        }
    }
}
