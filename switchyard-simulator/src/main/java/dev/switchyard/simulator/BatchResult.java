package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * What one request of a batch came to, with the {@code result} object of its results line rendered once.
 *
 * @param outcome what happened, for the batch's request counts
 * @param json    {@code {"type":"succeeded","message":{...}}}, {@code {"type":"errored","error":{...}}},
 *                {@code {"type":"canceled"}} or {@code {"type":"expired"}}
 */
record BatchResult(Outcome outcome, String json) {
    static final BatchResult CANCELED = new BatchResult(Outcome.CANCELED, "{\"type\":\"canceled\"}");
    static final BatchResult EXPIRED = new BatchResult(Outcome.EXPIRED, "{\"type\":\"expired\"}");

    enum Outcome { SUCCEEDED, ERRORED, CANCELED, EXPIRED }

    static BatchResult succeeded(Buffer message) {
        return new BatchResult(Outcome.SUCCEEDED,
                "{\"type\":\"succeeded\",\"message\":" + message.toString(StandardCharsets.UTF_8) + "}");
    }

    /** The error in the API's error shape, as a failed Messages call would have answered it. */
    static BatchResult errored(ErrorType type, String message) {
        ObjectNode result = Json.mapper().createObjectNode().put("type", "errored");
        ObjectNode error = result.putObject("error").put("type", "error");
        error.putObject("error").put("type", type.wireName()).put("message", message);
        error.put("request_id", Ids.requestId().toString()); // each request of a batch is a request of its own
        return new BatchResult(Outcome.ERRORED, result.toString());
    }
}
