package dev.switchyard.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Answers a translation that needs no call, once admission has let it through (a key over its limits
 * is refused even what is cached): every text from the cache ({@code x-switchyard-cache: hit}, and the
 * ledger's row says so), or already in the target language. Otherwise the call goes on upstream.
 */
final class TranslateHitStep implements Step {
    @Override
    public Future<Response> request(Exchange ex) {
        TranslationPlan plan = ex.get(TranslateStep.PLAN);
        if (!plan.pending().isEmpty()) {
            ex.response.putHeader(CacheStep.HEADER, "miss");
            return NEXT;
        }
        if (plan.allCached()) {
            ex.put(CacheStep.HIT, Boolean.TRUE);
            ex.response.putHeader(CacheStep.HEADER, "hit");
        }
        ex.response.putHeader("content-type", "application/json");
        String json = plan.answer(plan.request.model(), 0, 0).toString();
        return Future.succeededFuture(Response.raw(200, Buffer.buffer(json)));
    }
}
