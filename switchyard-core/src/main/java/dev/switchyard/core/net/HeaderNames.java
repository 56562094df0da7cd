package dev.switchyard.core.net;

import io.vertx.core.http.HttpHeaders;

/**
 * Header names (and a few fixed values) that every request sets or reads, as Netty {@code AsciiString}s.
 * A {@code String} name is checked character by character and hashed again each time Vert.x stores or
 * looks it up; an {@code AsciiString} carries its hash and is checked and encoded as bytes (the core
 * path's profile: about 1 us per request in header names, BENCHMARKS.md, issue 15, thirteenth pass).
 */
public final class HeaderNames {
    public static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
    public static final CharSequence ACCEPT = HttpHeaders.ACCEPT;
    public static final CharSequence CACHE_CONTROL = HttpHeaders.CACHE_CONTROL;
    public static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("retry-after");
    public static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("request-id");
    public static final CharSequence X_API_KEY = HttpHeaders.createOptimized("x-api-key");
    public static final CharSequence ANTHROPIC_VERSION = HttpHeaders.createOptimized("anthropic-version");
    public static final CharSequence ANTHROPIC_BETA = HttpHeaders.createOptimized("anthropic-beta");
    public static final CharSequence TRACEPARENT = HttpHeaders.createOptimized("traceparent");
    public static final CharSequence TRACESTATE = HttpHeaders.createOptimized("tracestate");
    public static final CharSequence X_SWITCHYARD_UPSTREAM = HttpHeaders.createOptimized("x-switchyard-upstream");
    public static final CharSequence X_SWITCHYARD_FALLBACK = HttpHeaders.createOptimized("x-switchyard-fallback");
    public static final CharSequence X_SWITCHYARD_ATTEMPTS = HttpHeaders.createOptimized("x-switchyard-attempts");

    public static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    public static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    public static final CharSequence EVENT_STREAM_UTF8 =
            HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
    public static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
    public static final CharSequence DEFAULT_ANTHROPIC_VERSION = HttpHeaders.createOptimized("2023-06-01");

    private HeaderNames() {}

    /** The constant for a trace header name the propagator gives, or the name itself. */
    public static CharSequence traceHeader(String name) {
        return switch (name) {
            case "traceparent" -> TRACEPARENT;
            case "tracestate" -> TRACESTATE;
            default -> name;
        };
    }
}
