package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.translation.TranslationSettings;
import io.vertx.core.Future;
import java.util.List;

/**
 * {@code POST /v1/translate} on the Messages path: checks the body, learns what the cache and the
 * language detector already answer ({@link Translations}), and hands the steps after it a Messages
 * request for the rest, so admission, the filter, routing and the ledger treat it as any other call.
 * On the way back it reads Claude's answer, stores the translations and answers in the translation
 * shape. When nothing is left to ask, {@link TranslateHitStep} answers after admission instead.
 */
final class TranslateStep implements Step {
    @Override
    public String spanName() {
        return "translation";
    }

    static final Attribute<TranslationPlan> PLAN = Attribute.named("translation-plan");

    private final Translations translations;
    private final TranslationSettings settings;

    TranslateStep(Translations translations, TranslationSettings settings) {
        this.translations = translations;
        this.settings = settings;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        TranslateRequest req;
        try {
            req = TranslateRequest.parse(ex.get(ReadBodyStep.RAW_BODY), settings);
        } catch (ApiException refused) {
            return Future.failedFuture(refused);
        }
        ex.model = req.model();
        String tenant = ex.get(AuthenticateStep.PRINCIPAL).tenantId();
        return translations.plan(tenant, req).map(plan -> {
            ex.put(PLAN, plan);
            List<String> asked = plan.pending().isEmpty() ? req.texts() : plan.pendingTexts();
            ObjectNode body = TranslatePrompt.body(asked, req.source(), req.target(), req.model());
            ParseStep.replaceBody(ex, body);
            return null;
        });
    }

    /** Claude's Message becomes the translation answer; the Message itself never reaches the client. */
    @Override
    public ResponseStage response(Exchange ex) {
        TranslationPlan plan = ex.get(PLAN);
        if (plan == null) {
            return null;
        }
        return new WholeMessageStage(false) {
            @Override
            Future<Void> message(ObjectNode message, boolean complete, EventSink next) {
                if (message == null) {
                    if (complete) {
                        next.fail(ApiException.overloaded("the upstream answer was incomplete"));
                    }
                    return Future.succeededFuture();
                }
                try {
                    translations.complete(plan, TranslatePrompt.parse(message, plan.pending().size()));
                } catch (ApiException e) {
                    next.fail(e);
                    return Future.succeededFuture();
                }
                JsonNode usage = message.path("usage");
                ObjectNode answer = plan.answer(message.path("model").asText(plan.request.model()),
                        usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong());
                return write(ex, answer);
            }
        };
    }

    /**
     * Written here, not passed on as events: the client gets a translation, not a Message. The writer
     * after this stage finds the response ended and leaves it.
     */
    static Future<Void> write(Exchange ex, ObjectNode answer) {
        if (ex.closed()) {
            return Future.succeededFuture();
        }
        ex.response.setStatusCode(200).putHeader("content-type", "application/json");
        return ex.response.end(answer.toString()).otherwiseEmpty();
    }
}
