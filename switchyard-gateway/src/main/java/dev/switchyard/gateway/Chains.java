package dev.switchyard.gateway;

import dev.switchyard.cache.CacheService;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The request paths, assembled in one place: the order of the steps is the order of the lines. A step
 * whose service is not configured (no limits, no cache, no conversations) is left out rather than run
 * as a no-op, so the core path runs only what it needs. Adding a step is one class and one line here.
 */
final class Chains {
    private Chains() {}

    /** {@code POST /v1/messages} (and, from {@link RecordStep} on, a conversation's turn). */
    static Chain messages(Vertx vertx, GatewayServices s, GatewayMeters meters, long maxBodyBytes) {
        List<Step> steps = new ArrayList<>();
        steps.add(new AuthenticateStep(s.auth()));
        steps.add(new ReadBodyStep(maxBodyBytes));
        steps.add(new RecordStep(new UsageRecorder(s.usage(), s.prices(), meters, s.clock())));
        if (s.conversations() != null) {
            steps.add(new ConversationStep(s.conversations()));
        }
        steps.add(new ParseStep(true));
        steps.add(new AdmissionStep(s.admission(), s.outputLimits(), false));
        steps.add(new FilterStep(s.filter(), meters));
        steps.add(new UsageTapStep(meters));
        steps.add(new TranslateReplyStep(s.claude(), translations(vertx, s)));
        if (s.cache() != CacheService.NONE) {
            steps.add(new CacheStep(s.cache(), s.cacheDeterministic(), s.tracing()));
        }
        steps.add(new UpstreamStep(vertx, s.claude(), meters, false));
        return new Chain(steps, s.tracing());
    }

    /** {@code POST /v1/messages/count_tokens}: free, but authenticated, checked and counted as a request. */
    static Chain countTokens(Vertx vertx, GatewayServices s, GatewayMeters meters, long maxBodyBytes) {
        List<Step> steps = new ArrayList<>();
        steps.add(new AuthenticateStep(s.auth()));
        steps.add(new ReadBodyStep(maxBodyBytes));
        steps.add(new ParseStep(false));
        steps.add(new AdmissionStep(s.admission(), s.outputLimits(), true));
        steps.add(new FilterStep(s.filter(), meters));
        steps.add(new UpstreamStep(vertx, s.claude(), meters, true));
        return new Chain(steps, s.tracing());
    }

    /** {@code POST /v1/translate}: the Messages path, with a translation built in and answered out. */
    static Chain translate(Vertx vertx, GatewayServices s, GatewayMeters meters, long maxBodyBytes) {
        List<Step> steps = new ArrayList<>();
        steps.add(new AuthenticateStep(s.auth()));
        steps.add(new ReadBodyStep(maxBodyBytes));
        steps.add(new RecordStep(new UsageRecorder(s.usage(), s.prices(), meters, s.clock())));
        steps.add(new TranslateStep(translations(vertx, s), s.translation()));
        steps.add(new ParseStep(true));
        steps.add(new AdmissionStep(s.admission(), s.outputLimits(), false));
        steps.add(new FilterStep(s.filter(), meters));
        steps.add(new UsageTapStep(meters));
        steps.add(new TranslateHitStep());
        steps.add(new UpstreamStep(vertx, s.claude(), meters, false));
        return new Chain(steps, s.tracing());
    }

    /**
     * {@code POST /v1/chat/completions}: the Messages path with OpenAI's body converted in and its answer
     * converted out (no conversations: they are a Messages feature).
     */
    static Chain chatCompletions(Vertx vertx, GatewayServices s, GatewayMeters meters, long maxBodyBytes) {
        List<Step> steps = new ArrayList<>();
        steps.add(new AuthenticateStep(s.auth()));
        steps.add(new ReadBodyStep(maxBodyBytes));
        steps.add(new RecordStep(new UsageRecorder(s.usage(), s.prices(), meters, s.clock())));
        steps.add(new ChatCompletionsStep(s.clock(), s.outputLimits()));
        steps.add(new ParseStep(true));
        steps.add(new AdmissionStep(s.admission(), s.outputLimits(), false));
        steps.add(new FilterStep(s.filter(), meters));
        steps.add(new UsageTapStep(meters));
        if (s.cache() != CacheService.NONE) {
            steps.add(new CacheStep(s.cache(), s.cacheDeterministic(), s.tracing()));
        }
        steps.add(new UpstreamStep(vertx, s.claude(), meters, false));
        return new Chain(steps, s.tracing());
    }

    private static Translations translations(Vertx vertx, GatewayServices s) {
        return new Translations(vertx, s.cache(), s.detector());
    }

}
