package dev.switchyard.translation;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The translation service: converts between other API dialects (OpenAI chat completions) and the
 * Messages API. Declared for the issue that implements it; no request path uses it yet.
 */
public interface TranslationService {
    Future<Buffer> toMessagesRequest(String dialect, Buffer request);

    Future<Buffer> fromMessagesResponse(String dialect, Buffer response);
}
