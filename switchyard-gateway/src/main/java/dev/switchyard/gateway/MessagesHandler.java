package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.auth.AuthService;
import dev.switchyard.core.json.Json;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.upstream.ClaudeService;
import dev.switchyard.upstream.UpstreamCall;
import dev.switchyard.upstream.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path of {@code POST /v1/messages} and {@code /v1/messages/count_tokens}, top to
 * bottom: authenticate, read the body, validate, filter, call upstream (routing, retries and
 * fallbacks live behind {@link ClaudeService}), relay the answer, record usage.
 */
final class MessagesHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MessagesHandler.class);

    private final Vertx vertx;
    private final AuthService auth;
    private final ContentFilter filter;
    private final ClaudeService claude;
    private final GatewayMeters meters;
    private final long maxBodyBytes;

    MessagesHandler(Vertx vertx, AuthService auth, ContentFilter filter, ClaudeService claude, GatewayMeters meters,
            long maxBodyBytes) {
        this.vertx = vertx;
        this.auth = auth;
        this.filter = filter;
        this.claude = claude;
        this.meters = meters;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Completes with the status the client got; never fails. */
    Future<Integer> handle(Exchange ex, boolean countTokens) {
        ex.request.pause();
        return auth.authenticate(Credentials.from(ex.request.headers()))
                .compose(principal -> BodyReader.read(ex.request, maxBodyBytes))
                .compose(raw -> {
                    MessagesRequest req = MessagesRequest.parse(raw, !countTokens);
                    return filter.check(req.body()).compose(v -> claude.send(call(ex, req, raw, countTokens)))
                            .compose(upstream -> relay(ex, req, upstream, countTokens));
                })
                .recover(t -> Future.succeededFuture(ErrorResponder.send(ex, t)));
    }

    private static UpstreamCall call(Exchange ex, MessagesRequest req, Buffer raw, boolean countTokens) {
        return new UpstreamCall(ex.requestId, countTokens ? "/v1/messages/count_tokens" : "/v1/messages",
                req.model(), req.stream() && !countTokens, raw, req.body(),
                ex.request.getHeader("anthropic-version"), ex.request.getHeader("anthropic-beta"), ex.cancellation);
    }

    private Future<Integer> relay(Exchange ex, MessagesRequest req, UpstreamResponse upstream, boolean countTokens) {
        ex.deployment = upstream.deployment();
        ex.model = upstream.model();
        boolean sse = upstream.status() == 200 && req.stream() && !countTokens;
        if (sse) {
            meters.inFlightStreams.incrementAndGet();
            return new StreamRelay(vertx, ex, upstream, meters).start().map(usage -> {
                meters.inFlightStreams.decrementAndGet();
                record(ex, usage);
                return 200;
            });
        }
        ex.cancellation.onCancel(upstream::cancel);
        return upstream.fullBody().map(body -> {
            UpstreamHeaders.copy(upstream, ex.response);
            if (!ex.closed()) {
                ex.response.end(body);
            }
            if (upstream.status() == 200 && !countTokens) {
                record(ex, usageOf(body));
            }
            return upstream.status();
        });
    }

    private void record(Exchange ex, Usage usage) {
        meters.tokens(ex.model, usage.inputTokens, usage.outputTokens);
        if (LOG.isDebugEnabled()) {
            LOG.debug("request_id={} model={} deployment={} input_tokens={} output_tokens={}", ex.requestId, ex.model,
                    ex.deployment, usage.inputTokens, usage.outputTokens);
        }
    }

    private static Usage usageOf(Buffer body) {
        Usage usage = new Usage();
        try {
            JsonNode n = Json.mapper().readTree(body.getBytes());
            usage.read(n.path("usage"));
        } catch (Exception e) {
            // An unreadable body is relayed as it is; only the metrics miss its usage.
        }
        return usage;
    }
}
