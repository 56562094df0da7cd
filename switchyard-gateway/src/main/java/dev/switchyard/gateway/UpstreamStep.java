package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.net.HeaderNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The call to Claude, the last step: routing, retries and fallbacks live behind the {@link ClaudeService}.
 * A 200 Messages answer becomes events (a stream as it arrives, a whole body taken apart) for the
 * response phases; anything else (an upstream error, a count_tokens answer) is relayed as it is.
 */
final class UpstreamStep implements Step {
    /** What routing decided: served by which deployment and model, after how many attempts. */
    record Routed(String deployment, String model, int attempts, boolean fallback) {}

    static final Attribute<Routed> ROUTED = Attribute.named("routed");

    private final Vertx vertx;
    private final ClaudeService claude;
    private final GatewayMeters meters;
    private final boolean countTokens;

    UpstreamStep(Vertx vertx, ClaudeService claude, GatewayMeters meters, boolean countTokens) {
        this.vertx = vertx;
        this.claude = claude;
        this.meters = meters;
        this.countTokens = countTokens;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        MessagesRequest req = ex.get(ParseStep.REQUEST);
        return claude.send(call(ex, req)).compose(upstream -> answer(ex, req, upstream));
    }

    private Future<Response> answer(Exchange ex, MessagesRequest req, UpstreamResponse upstream) {
        ex.deployment = upstream.deployment();
        ex.model = upstream.model();
        ex.put(ROUTED, new Routed(upstream.deployment(), upstream.model(), upstream.attempts(),
                upstream.fallback()));
        UpstreamHeaders.copy(upstream, ex.response);
        boolean message = upstream.status() == 200 && !countTokens;
        if (message && req.stream()) {
            return Future.succeededFuture(Response.events(new UpstreamStreamSource(vertx, ex, upstream, meters), true));
        }
        ex.cancellation.onCancel(upstream::cancel);
        return upstream.fullBody().map(body -> {
            WholeMessage parsed = message ? WholeMessage.read(body) : null;
            return parsed == null ? Response.raw(upstream.status(), body) : Response.message(parsed, body, false);
        });
    }

    private UpstreamCall call(Exchange ex, MessagesRequest req) {
        return new UpstreamCall(ex.requestId, countTokens ? "/v1/messages/count_tokens" : "/v1/messages",
                req.model(), req.stream() && !countTokens, ex.get(ReadBodyStep.RAW_BODY), req.bodyIfParsed(),
                ex.request.getHeader(HeaderNames.ANTHROPIC_VERSION), ex.request.getHeader(HeaderNames.ANTHROPIC_BETA),
                ex.cancellation);
    }

    /** The Message in a 200 body, or null when it is not one (relayed as it is, for the client to judge). */
    static ObjectNode messageIn(Buffer body) {
        try {
            JsonNode n = Json.mapper().readTree(body.getBytes());
            return n instanceof ObjectNode o && "message".equals(o.path("type").asText()) ? o : null;
        } catch (Exception e) {
            return null;
        }
    }
}
