package dev.switchyard.gateway;

import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AuthService;
import dev.switchyard.cache.CacheService;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.core.config.OutputLimits;
import dev.switchyard.core.health.HealthChecks;
import dev.switchyard.core.pricing.PriceTable;
import dev.switchyard.core.telemetry.Tracing;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.MemoryUpstreamResources;
import dev.switchyard.claude.UpstreamResources;
import dev.switchyard.translation.LanguageDetector;
import dev.switchyard.translation.TranslationSettings;
import dev.switchyard.usage.UsageSink;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;

/**
 * The services the gateway's request path calls, each behind its interface: in this process today,
 * remote tomorrow, the gateway does not care. {@code admin} serves {@code /admin/*} (null: no admin API).
 * {@code cacheDeterministic}: also cache requests with temperature 0 that did not ask for it.
 * {@code conversations} null: no {@code /v1/conversations}. {@code outputLimits}: the largest max_tokens
 * per model. {@code detector} and {@code translation}: the translation service's language detection and
 * settings ({@code /v1/translate}, reply translation); by default no detection and the default settings.
 * {@code health}: this process's dependency checks for {@code GET /health} (null: none, always "ok").
 * {@code tracing}: spans of the request path (null: none). {@code resources}: which deployment holds each
 * batch and file clients created (null: this process's memory).
 */
public record GatewayServices(
        AuthService auth,
        AdmissionControl admission,
        ContentFilter filter,
        ClaudeService claude,
        UsageSink usage,
        PriceTable prices,
        Handler<HttpServerRequest> admin,
        CacheService cache,
        boolean cacheDeterministic,
        ConversationService conversations,
        Clock clock,
        OutputLimits outputLimits,
        LanguageDetector detector,
        TranslationSettings translation,
        HealthChecks health,
        Tracing tracing,
        UpstreamResources resources) {

    /** Batches and files remembered in memory when no store is given: ids are lost on restart. */
    static final int MEMORY_RESOURCES = 100_000;

    public GatewayServices {
        resources = resources == null ? new MemoryUpstreamResources(MEMORY_RESOURCES) : resources;
        outputLimits = outputLimits == null ? OutputLimits.defaults() : outputLimits;
        detector = detector == null ? LanguageDetector.NONE : detector;
        translation = translation == null ? TranslationSettings.defaults() : translation;
        tracing = tracing == null ? Tracing.NOOP : tracing;
    }

    /** Batches and files remembered in this process's memory. */
    public GatewayServices(AuthService auth, AdmissionControl admission, ContentFilter filter, ClaudeService claude,
            UsageSink usage, PriceTable prices, Handler<HttpServerRequest> admin, CacheService cache,
            boolean cacheDeterministic, ConversationService conversations, Clock clock, OutputLimits outputLimits,
            LanguageDetector detector, TranslationSettings translation, HealthChecks health, Tracing tracing) {
        this(auth, admission, filter, claude, usage, prices, admin, cache, cacheDeterministic, conversations, clock,
                outputLimits, detector, translation, health, tracing, null);
    }

    /** Without tracing. */
    public GatewayServices(AuthService auth, AdmissionControl admission, ContentFilter filter, ClaudeService claude,
            UsageSink usage, PriceTable prices, Handler<HttpServerRequest> admin, CacheService cache,
            boolean cacheDeterministic, ConversationService conversations, Clock clock, OutputLimits outputLimits,
            LanguageDetector detector, TranslationSettings translation, HealthChecks health) {
        this(auth, admission, filter, claude, usage, prices, admin, cache, cacheDeterministic, conversations, clock,
                outputLimits, detector, translation, health, null);
    }

    /** Without dependency checks: {@code /health} reports none. */
    public GatewayServices(AuthService auth, AdmissionControl admission, ContentFilter filter, ClaudeService claude,
            UsageSink usage, PriceTable prices, Handler<HttpServerRequest> admin, CacheService cache,
            boolean cacheDeterministic, ConversationService conversations, Clock clock, OutputLimits outputLimits,
            LanguageDetector detector, TranslationSettings translation) {
        this(auth, admission, filter, claude, usage, prices, admin, cache, cacheDeterministic, conversations, clock,
                outputLimits, detector, translation, null);
    }

    /** Without translation settings: no language detection, the default settings. */
    public GatewayServices(AuthService auth, AdmissionControl admission, ContentFilter filter, ClaudeService claude,
            UsageSink usage, PriceTable prices, Handler<HttpServerRequest> admin, CacheService cache,
            boolean cacheDeterministic, ConversationService conversations, Clock clock, OutputLimits outputLimits) {
        this(auth, admission, filter, claude, usage, prices, admin, cache, cacheDeterministic, conversations, clock,
                outputLimits, null, null);
    }

    /** These services with this translation service's detector and settings. */
    public GatewayServices withTranslation(LanguageDetector detector, TranslationSettings translation) {
        return new GatewayServices(auth, admission, filter, claude, usage, prices, admin, cache, cacheDeterministic,
                conversations, clock, outputLimits, detector, translation, health, tracing, resources);
    }

    /** These services with {@code health} answering {@code GET /health}. */
    public GatewayServices withHealth(HealthChecks health) {
        return new GatewayServices(auth, admission, filter, claude, usage, prices, admin, cache, cacheDeterministic,
                conversations, clock, outputLimits, detector, translation, health, tracing, resources);
    }

    /** These services traced by {@code tracing}. */
    public GatewayServices withTracing(Tracing newTracing) {
        return new GatewayServices(auth, admission, filter, claude, usage, prices, admin, cache, cacheDeterministic,
                conversations, clock, outputLimits, detector, translation, health, newTracing, resources);
    }

    /** These services with batches and files remembered in {@code store} (the auth database). */
    public GatewayServices withResources(UpstreamResources store) {
        return new GatewayServices(auth, admission, filter, claude, usage, prices, admin, cache, cacheDeterministic,
                conversations, clock, outputLimits, detector, translation, health, tracing, store);
    }

    /** With the built-in max_tokens bounds. */
    public GatewayServices(AuthService auth, AdmissionControl admission, ContentFilter filter, ClaudeService claude,
            UsageSink usage, PriceTable prices, Handler<HttpServerRequest> admin, CacheService cache,
            boolean cacheDeterministic, ConversationService conversations, Clock clock) {
        this(auth, admission, filter, claude, usage, prices, admin, cache, cacheDeterministic, conversations, clock,
                null);
    }

    /** The core pipeline: authentication and upstream only, no limits, no ledger. */
    public static GatewayServices core(AuthService auth, ContentFilter filter, ClaudeService claude) {
        return new GatewayServices(auth, AdmissionControl.NONE, filter, claude, UsageSink.NONE,
                PriceTable.defaultTable(), null, CacheService.NONE, false, null, Clock.systemUTC());
    }
}
