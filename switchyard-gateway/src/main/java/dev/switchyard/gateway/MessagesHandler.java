package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import io.vertx.core.Future;
import java.util.function.Supplier;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The request path of {@code POST /v1/messages} and {@code /v1/messages/count_tokens}, top to
 * bottom: authenticate, read the body, validate, limit ({@link AdmissionStep}), filter, call upstream
 * (routing, retries and fallbacks live behind the ClaudeService), relay the answer ({@link StreamRelay}
 * or whole), record usage ({@link UsageRecorder}). count_tokens is free: it is authenticated, checked
 * against the key's models and counted against its request rate, but not recorded.
 */
final class MessagesHandler {
    private final Vertx vertx;
    private final GatewayServices services;
    private final AdmissionStep admission;
    private final UsageRecorder recorder;
    private final ResponseCacheStep cache;
    private final GatewayMeters meters;
    private final long maxBodyBytes;

    MessagesHandler(Vertx vertx, GatewayServices services, GatewayMeters meters, long maxBodyBytes) {
        this.vertx = vertx;
        this.services = services;
        this.admission = new AdmissionStep(services.admission(), services.outputLimits());
        this.recorder = new UsageRecorder(services.usage(), services.prices(), meters, services.clock());
        this.cache = new ResponseCacheStep(services.cache(), services.cacheDeterministic());
        this.meters = meters;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Completes with the status the client got; never fails. */
    Future<Integer> handle(Exchange ex, boolean countTokens) {
        ex.request.pause();
        Future<Integer> status = services.auth().authenticate(Credentials.from(ex.request.headers()))
                .compose(principal -> {
                    ex.principal = principal;
                    return BodyReader.read(ex.request, maxBodyBytes);
                })
                .compose(raw -> pipeline(ex, raw, countTokens))
                .recover(t -> Future.succeededFuture(ErrorResponder.send(ex, t)));
        if (countTokens) {
            return status;
        }
        return status.andThen(ar -> recorder.finish(ex, ar.result()));
    }

    /**
     * The path after authentication, for a Messages body the caller already has (the conversation
     * service builds one from a conversation's history). Completes with the status sent; never fails.
     */
    Future<Integer> messages(Exchange ex, Buffer raw) {
        return pipeline(ex, raw, false).recover(t -> Future.succeededFuture(ErrorResponder.send(ex, t)))
                .andThen(ar -> recorder.finish(ex, ar.result()));
    }

    private Future<Integer> pipeline(Exchange ex, Buffer raw, boolean countTokens) {
        MessagesRequest req = MessagesRequest.parse(raw, !countTokens);
        Future<Void> admitted = countTokens ? admission.admitCount(ex, req) : admitted(ex, req, raw);
        Future<Integer> done = admitted.compose(v -> services.filter().check(req.body()))
                .compose(v -> cachedOrUpstream(ex, req, raw, countTokens));
        return countTokens ? done.andThen(ar -> AdmissionStep.settleCount(ex, req)) : done;
    }

    private Future<Integer> cachedOrUpstream(Exchange ex, MessagesRequest req, Buffer raw, boolean countTokens) {
        String key = countTokens ? null : cache.keyFor(ex, req);
        if (key == null) {
            return upstream(ex, req, raw, countTokens, null);
        }
        return cache.lookup(ex, key).compose(hit -> {
            if (hit == null) {
                ex.response.putHeader(ResponseCacheStep.HEADER, "miss");
                return upstream(ex, req, raw, false, key);
            }
            ex.cacheHit = true;
            ex.model = hit.path("model").asText(req.model());
            ex.usage = new Usage();
            ex.usage.read(hit.path("usage"));
            return cache.serve(ex, req, hit);
        });
    }

    private Future<Integer> upstream(Exchange ex, MessagesRequest req, Buffer raw, boolean countTokens,
            String cacheKey) {
        return services.claude().send(call(ex, req, raw, countTokens))
                .compose(upstream -> relay(ex, req, upstream, countTokens, cacheKey));
    }

    private Future<Void> admitted(Exchange ex, MessagesRequest req, Buffer raw) {
        ex.modelAsked = req.model();
        if (ex.principal.userId() != null && services.conversations() != null) {
            services.conversations().userSeen(ex.principal.tenantId(), ex.principal.userId());
        }
        return admission.admit(ex, req, raw);
    }

    private static UpstreamCall call(Exchange ex, MessagesRequest req, Buffer raw, boolean countTokens) {
        return new UpstreamCall(ex.requestId, countTokens ? "/v1/messages/count_tokens" : "/v1/messages",
                req.model(), req.stream() && !countTokens, raw, req.body(),
                ex.request.getHeader("anthropic-version"), ex.request.getHeader("anthropic-beta"), ex.cancellation);
    }

    private Future<Integer> relay(Exchange ex, MessagesRequest req, UpstreamResponse upstream, boolean countTokens,
            String cacheKey) {
        ex.deployment = upstream.deployment();
        ex.model = upstream.model();
        ex.attempts = upstream.attempts();
        ex.fallback = upstream.fallback();
        boolean sse = upstream.status() == 200 && req.stream() && !countTokens;
        if (sse) {
            meters.inFlightStreams.incrementAndGet();
            MessageAssembler assembler = cacheKey == null && ex.onReply == null ? null : new MessageAssembler();
            Supplier<Future<Void>> beforeEnd = ex.onReply == null ? null : () -> ex.reply(assembler.message());
            return new StreamRelay(vertx, ex, upstream, meters, assembler == null ? null : assembler::feed, beforeEnd)
                    .start()
                    .map(usage -> {
                        meters.inFlightStreams.decrementAndGet();
                        ex.usage = usage;
                        if (cacheKey != null) {
                            cache.store(ex, cacheKey, assembler.message());
                        }
                        return 200;
                    });
        }
        ex.cancellation.onCancel(upstream::cancel);
        return upstream.fullBody().compose(body -> {
            UpstreamHeaders.copy(upstream, ex.response);
            boolean answered = upstream.status() == 200 && !countTokens;
            Future<Void> stored = answered && ex.onReply != null ? ex.reply(ResponseCacheStep.message(body))
                    : Future.succeededFuture();
            return stored.map(v -> {
                if (!ex.closed()) {
                    ex.response.end(body);
                }
                if (answered) {
                    ex.usage = usageOf(body);
                    if (cacheKey != null) {
                        cache.store(ex, cacheKey, body);
                    }
                }
                return upstream.status();
            });
        });
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
