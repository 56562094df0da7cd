package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.error.ApiException;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One request of a Message Batch as created. Creation checks the envelope, naming the field the way the
 * API does ({@code requests.0.custom_id: ...}); the params are checked as a Messages body only when the
 * request is processed, as the API does, so a bad one becomes an errored result, not a refused batch.
 * Two things are refused at once all the same: params that are not an object, and {@code stream: true}.
 *
 * @param customId the caller's id, unique within the batch
 * @param params   the Messages body
 */
record BatchRequest(String customId, JsonNode params) {
    static final int MAX_REQUESTS = 100_000;
    private static final int MAX_CUSTOM_ID = 64;
    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]+");

    /** The requests of a create body, in their order. */
    static List<BatchRequest> parseAll(Buffer body) {
        JsonNode requests = MessageRequest.readObject(body).get("requests");
        if (requests == null || requests.isNull()) {
            throw ApiException.invalidRequest("requests: Field required");
        }
        if (!requests.isArray()) {
            throw ApiException.invalidRequest("requests: Input should be a valid list");
        }
        if (requests.isEmpty() || requests.size() > MAX_REQUESTS) {
            throw ApiException.invalidRequest("requests: List should have at least 1 and at most " + MAX_REQUESTS
                    + " items, not " + requests.size());
        }
        Set<String> seen = new HashSet<>();
        List<BatchRequest> parsed = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            parsed.add(parse(requests.get(i), "requests." + i, seen));
        }
        return parsed;
    }

    private static BatchRequest parse(JsonNode request, String path, Set<String> seen) {
        if (!request.isObject()) {
            throw ApiException.invalidRequest(path + ": Input should be a valid dictionary");
        }
        String customId = customId(request.get("custom_id"), path + ".custom_id");
        if (!seen.add(customId)) {
            throw ApiException.invalidRequest(path + ".custom_id: duplicate custom_id '" + customId
                    + "': each request of a batch needs its own");
        }
        JsonNode params = request.get("params");
        if (params == null || params.isNull()) {
            throw ApiException.invalidRequest(path + ".params: Field required");
        }
        if (!params.isObject()) {
            throw ApiException.invalidRequest(path + ".params: Input should be a valid dictionary");
        }
        if (params.path("stream").asBoolean(false)) {
            throw ApiException.invalidRequest(path + ".params.stream: streaming is not supported in a batch");
        }
        return new BatchRequest(customId, params);
    }

    private static String customId(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            throw ApiException.invalidRequest(path + ": Field required");
        }
        if (!node.isTextual()) {
            throw ApiException.invalidRequest(path + ": Input should be a valid string");
        }
        String id = node.textValue();
        if (id.isEmpty()) {
            throw ApiException.invalidRequest(path + ": String should have at least 1 character");
        }
        if (id.length() > MAX_CUSTOM_ID) {
            throw ApiException.invalidRequest(path + ": String should have at most " + MAX_CUSTOM_ID + " characters");
        }
        if (!CUSTOM_ID.matcher(id).matches()) {
            throw ApiException.invalidRequest(path + ": String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
        }
        return id;
    }
}
