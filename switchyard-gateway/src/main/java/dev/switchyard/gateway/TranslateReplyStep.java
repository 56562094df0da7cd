package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.net.HeaderNames;
import dev.switchyard.translation.LanguageCodes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reply translation: {@code x-switchyard-translate-to: de} on a non-streaming {@code POST /v1/messages}
 * has the assistant's text blocks translated before the client gets them. The whole message is held,
 * its texts translated in one call (through the translation cache, so a repeated reply costs nothing),
 * and the message passed on with the translated texts and the call's tokens added to its usage, so the
 * usage tap, the ledger and the client all count them. Placed nearer the source than the usage tap and
 * farther than the response cache: the cache keeps the original reply, and a replay is translated too.
 * A streaming request with the header is refused: a stream cannot be held whole.
 */
final class TranslateReplyStep implements Step {
    static final String HEADER = "x-switchyard-translate-to";
    private static final Attribute<String> TARGET = Attribute.named("translate-to");

    private final ClaudeService claude;
    private final Translations translations;

    TranslateReplyStep(ClaudeService claude, Translations translations) {
        this.claude = claude;
        this.translations = translations;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        String target = ex.request.getHeader(HEADER);
        if (target == null) {
            return NEXT;
        }
        if (!LanguageCodes.valid(target)) {
            return Future.failedFuture(ApiException.invalidRequest(HEADER
                    + ": expected a lower-case ISO 639-1 code such as \"de\", got " + ClientInput.shortened(target)));
        }
        if (ex.get(ParseStep.REQUEST).stream()) {
            return Future.failedFuture(ApiException.invalidRequest(HEADER
                    + " is for non-streaming messages only (stream: false)"));
        }
        ex.put(TARGET, target);
        return NEXT;
    }

    @Override
    public ResponseStage response(Exchange ex) {
        String target = ex.get(TARGET);
        if (target == null) {
            return null;
        }
        return new WholeMessageStage(false) {
            @Override
            Future<Void> message(ObjectNode message, boolean complete, EventSink next) {
                if (message == null) {
                    return Future.succeededFuture();
                }
                return translate(ex, message, target).map(translated -> {
                    MessageEvents.of(WholeMessage.of(translated))
                            .forEach(e -> next.emit(ResponseEvent.of(e.type(), (ObjectNode) e.data())));
                    return (Void) null;
                }).recover(e -> {
                    next.fail(ErrorResponder.toApiException(e, ex.requestId));
                    return Future.succeededFuture();
                });
            }
        };
    }

    private Future<ObjectNode> translate(Exchange ex, ObjectNode message, String target) {
        List<Integer> blocks = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        JsonNode content = message.path("content");
        for (int i = 0; i < content.size(); i++) {
            JsonNode b = content.get(i);
            if ("text".equals(b.path("type").asText()) && !b.path("text").asText().isBlank()) {
                blocks.add(i);
                texts.add(b.path("text").asText());
            }
        }
        if (texts.isEmpty()) {
            return Future.succeededFuture(message);
        }
        String model = ex.get(ParseStep.REQUEST).model();
        TranslateRequest req = new TranslateRequest(texts, target, null, model);
        String tenant = ex.get(AuthenticateStep.PRINCIPAL).tenantId();
        return translations.plan(tenant, req).compose(plan -> call(ex, plan)).map(result -> {
            ObjectNode out = message.deepCopy();
            ArrayNode outContent = (ArrayNode) out.get("content");
            for (int k = 0; k < blocks.size(); k++) {
                ((ObjectNode) outContent.get(blocks.get(k))).put("text", result.plan.get(k).text());
            }
            ObjectNode usage = out.with("usage");
            usage.put("input_tokens", usage.path("input_tokens").asLong() + result.inputTokens);
            usage.put("output_tokens", usage.path("output_tokens").asLong() + result.outputTokens);
            return out;
        });
    }

    private record Result(TranslationPlan plan, long inputTokens, long outputTokens) {}

    /** Asks Claude for what the plan still lacks (nothing to ask: no call). */
    private Future<Result> call(Exchange ex, TranslationPlan plan) {
        if (plan.pending().isEmpty()) {
            return Future.succeededFuture(new Result(plan, 0, 0));
        }
        TranslateRequest req = plan.request;
        ObjectNode body = TranslatePrompt.body(plan.pendingTexts(), null, req.target(), req.model());
        Buffer raw = Buffer.buffer(body.toString().getBytes(StandardCharsets.UTF_8));
        UpstreamCall call = new UpstreamCall(ex.requestId, "/v1/messages", req.model(), false, raw, body,
                ex.request.getHeader(HeaderNames.ANTHROPIC_VERSION), ex.request.getHeader(HeaderNames.ANTHROPIC_BETA),
                ex.cancellation);
        return claude.send(call).compose(upstream -> upstream.fullBody().map(bytes -> read(upstream, bytes)))
                .map(reply -> {
                    translations.complete(plan, TranslatePrompt.parse(reply, plan.pending().size()));
                    JsonNode usage = reply.path("usage");
                    return new Result(plan, usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong());
                });
    }

    private static ObjectNode read(UpstreamResponse upstream, Buffer bytes) {
        ObjectNode message = upstream.status() == 200 ? UpstreamStep.messageIn(bytes) : null;
        if (message != null) {
            return message;
        }
        JsonNode error = parse(bytes).path("error");
        String why = error.path("message").asText("status " + upstream.status());
        ErrorType type = upstream.status() == 200 ? ErrorType.API : ErrorType.forStatus(upstream.status());
        throw new ApiException(type, "translating the reply failed: " + why);
    }

    private static JsonNode parse(Buffer bytes) {
        try {
            return Json.mapper().readTree(bytes.getBytes());
        } catch (Exception e) {
            return Json.mapper().missingNode();
        }
    }
}
