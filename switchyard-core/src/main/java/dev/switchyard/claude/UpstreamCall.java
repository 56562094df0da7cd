package dev.switchyard.claude;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/**
 * One call to send upstream. {@code rawBody} is forwarded byte for byte unless the deployment names
 * the model differently, when {@code body} is re-serialized with only {@code model} changed.
 *
 * @param path the API path, e.g. {@code /v1/messages} or {@code /v1/messages/count_tokens}
 */
public record UpstreamCall(
        String requestId,
        String path,
        String model,
        boolean stream,
        Buffer rawBody,
        ObjectNode body,
        String anthropicVersion,
        String anthropicBeta,
        Cancellation cancellation) {}
