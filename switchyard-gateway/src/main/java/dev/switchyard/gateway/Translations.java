package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CacheService;
import dev.switchyard.core.hash.Sha256;
import dev.switchyard.core.json.Json;
import dev.switchyard.translation.LanguageDetector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The translation service's work around the call to Claude: each text looked up in the cache's
 * translation kind (per tenant, for the kind's time to live, 2 hours by default), the language of each
 * text still to translate detected (off the event loop: the detector's first use loads its models),
 * and Claude's translations stored per text. A text's entry is keyed by tenant, model, source ("auto"
 * included), target and the text itself, so a batch reuses whatever of it was translated before.
 */
final class Translations {
    private final Vertx vertx;
    private final CacheService cache;
    private final LanguageDetector detector;

    Translations(Vertx vertx, CacheService cache, LanguageDetector detector) {
        this.vertx = vertx;
        this.cache = cache;
        this.detector = detector;
    }

    /** What is known before asking Claude. Never fails for the cache's sake: its errors are misses. */
    Future<TranslationPlan> plan(String tenant, TranslateRequest request) {
        TranslationPlan plan = new TranslationPlan(request, tenant);
        List<Future<Void>> lookups = new ArrayList<>();
        for (int i = 0; i < request.texts().size(); i++) {
            int at = i;
            lookups.add(cache.get(CacheKind.TRANSLATION, tenant, key(plan, at)).map(bytes -> {
                TranslationPlan.Done d = decode(bytes);
                if (d != null) {
                    plan.cached(at, d);
                }
                return (Void) null;
            }).otherwiseEmpty());
        }
        return Future.join(lookups).transform(ar -> detect(plan));
    }

    private Future<TranslationPlan> detect(TranslationPlan plan) {
        List<Integer> pending = plan.pending();
        if (plan.request.source() != null || pending.isEmpty() || detector == LanguageDetector.NONE) {
            return Future.succeededFuture(plan);
        }
        List<String> texts = plan.pendingTexts();
        return vertx.executeBlocking(() -> detectQuietly(texts), false)
                .map(found -> {
                    for (int k = 0; k < pending.size(); k++) {
                        plan.detected(pending.get(k), found.get(k));
                    }
                    return plan;
                })
                .otherwise(plan);
    }

    /** One batch (one round trip to a remote detector); a batch that fails is tried text by text. */
    private List<String> detectQuietly(List<String> texts) {
        try {
            List<String> found = detector.detectAll(texts);
            if (found != null && found.size() == texts.size()) {
                return found;
            }
        } catch (RuntimeException e) {
            // detection is an optimisation: failing it only means Claude is asked
        }
        return texts.stream().map(this::detectQuietly).toList();
    }

    private String detectQuietly(String text) {
        try {
            return detector.detect(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Claude's answer for the pending texts, into the plan and the cache. */
    void complete(TranslationPlan plan, List<TranslatePrompt.Translated> translated) {
        for (int i : plan.fill(translated)) {
            TranslationPlan.Done d = plan.get(i);
            String json = Json.mapper().createObjectNode().put("text", d.text()).put("source_language", d.source())
                    .toString();
            cache.put(CacheKind.TRANSLATION, plan.tenant, key(plan, i), json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static TranslationPlan.Done decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().readTree(bytes);
            return n.path("text").isTextual() && n.path("source_language").isTextual()
                    ? new TranslationPlan.Done(n.path("text").asText(), n.path("source_language").asText()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** SHA-256 over the fields, each length-prefixed so that no two different tuples share a key. */
    static String key(TranslationPlan plan, int i) {
        TranslateRequest r = plan.request;
        StringBuilder s = new StringBuilder(64 + r.texts().get(i).length());
        for (String part : new String[] {plan.tenant, r.model(), r.source() == null ? TranslateRequest.AUTO
                : r.source(), r.target(), r.texts().get(i)}) {
            s.append(part.length()).append(':').append(part).append('\n');
        }
        return Sha256.hex(s.toString());
    }
}
