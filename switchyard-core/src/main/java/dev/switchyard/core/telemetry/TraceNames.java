package dev.switchyard.core.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span names and attribute keys, in one place. GenAI keys follow OpenTelemetry's GenAI semantic
 * conventions; HTTP keys its HTTP conventions; what those do not name is under {@code switchyard.}.
 * Values come from configuration or from the request's metadata, never prompt text (unless an operator
 * turns content capture on) and never a key.
 */
public final class TraceNames {
    private TraceNames() {}

    public static final String GEN_AI_SYSTEM_ANTHROPIC = "anthropic";

    public static final AttributeKey<String> GEN_AI_SYSTEM = AttributeKey.stringKey("gen_ai.system");
    public static final AttributeKey<String> GEN_AI_OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<String> GEN_AI_RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    public static final AttributeKey<Long> GEN_AI_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> GEN_AI_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    public static final AttributeKey<Boolean> GEN_AI_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");

    public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("switchyard.request_id");
    public static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("switchyard.deployment");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("switchyard.attempt");
    public static final AttributeKey<Boolean> FALLBACK = AttributeKey.booleanKey("switchyard.fallback");
    public static final AttributeKey<Long> RETRY_AFTER_MS = AttributeKey.longKey("switchyard.retry_after_ms");
    public static final AttributeKey<String> TENANT_ID = AttributeKey.stringKey("switchyard.tenant_id");
    public static final AttributeKey<String> KEY_ID = AttributeKey.stringKey("switchyard.key_id");
    public static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("switchyard.cache_hit");
    public static final AttributeKey<String> ROLE = AttributeKey.stringKey("switchyard.role");
    public static final AttributeKey<String> INSTANCE = AttributeKey.stringKey("switchyard.instance");
    public static final AttributeKey<Long> ROWS = AttributeKey.longKey("switchyard.rows");
    public static final AttributeKey<Long> TTFT_MS = AttributeKey.longKey("switchyard.ttft_ms");
    public static final AttributeKey<String> PROMPT = AttributeKey.stringKey("gen_ai.prompt");

    public static final String EVENT_FIRST_TOKEN = "gen_ai.first_token";
    public static final String EVENT_STREAM_END = "gen_ai.stream_end";
    /** Content capture only (off by default): the prompt as sent upstream, in {@link #PROMPT}. */
    public static final String EVENT_PROMPT = "gen_ai.content.prompt";
    public static final String SPAN_LEDGER_FLUSH = "usage_ledger.flush";
}
