package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One translation request's texts and what is known of each: answered (from the cache, or already in the
 * target language) or still to ask Claude. Lives on one event loop.
 */
final class TranslationPlan {
    /** One text's answer: its translation and the language it was in ("und" when nobody could tell). */
    record Done(String text, String source) {}

    static final String UNDETERMINED = "und";

    final TranslateRequest request;
    final String tenant;
    private final Done[] done;
    /** The language Lingua found for each text (null: unknown or not asked). */
    private final String[] detected;
    private boolean fromCacheOnly = true;

    TranslationPlan(TranslateRequest request, String tenant) {
        this.request = request;
        this.tenant = tenant;
        this.done = new Done[request.texts().size()];
        this.detected = new String[done.length];
    }

    void cached(int i, Done d) {
        done[i] = d;
    }

    void detected(int i, String language) {
        detected[i] = language;
        if (language != null && language.equals(request.target())) {
            // Already in the target language: nothing to translate, and nothing upstream to pay for.
            done[i] = new Done(request.texts().get(i), language);
            fromCacheOnly = false;
        }
    }

    /** Indexes of the texts still to translate, in order. */
    List<Integer> pending() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < done.length; i++) {
            if (done[i] == null) {
                out.add(i);
            }
        }
        return out;
    }

    /** The pending texts, in order. */
    List<String> pendingTexts() {
        return pending().stream().map(request.texts()::get).toList();
    }

    /** True when every text was answered from the cache (a cache hit, for the header and the ledger). */
    boolean allCached() {
        return fromCacheOnly && Arrays.stream(done).allMatch(d -> d != null);
    }

    /** Claude's translations of the pending texts, in order; returns what was filled in, for the cache. */
    List<Integer> fill(List<TranslatePrompt.Translated> translated) {
        List<Integer> pending = pending();
        for (int k = 0; k < pending.size(); k++) {
            int i = pending.get(k);
            TranslatePrompt.Translated t = translated.get(k);
            done[i] = new Done(t.text(), source(t.source(), detected[i]));
        }
        return pending;
    }

    private String source(String claudes, String lingua) {
        if (request.source() != null) {
            return request.source();
        }
        return claudes != null ? claudes : lingua != null ? lingua : UNDETERMINED;
    }

    Done get(int i) {
        return done[i];
    }

    /** The {@code /v1/translate} answer. */
    ObjectNode answer(String model, long inputTokens, long outputTokens) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("type", "translation");
        ArrayNode list = n.putArray("translations");
        for (Done d : done) {
            list.addObject().put("text", d.text()).put("source_language", d.source())
                    .put("target_language", request.target());
        }
        n.put("model", model);
        n.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens);
        return n;
    }
}
