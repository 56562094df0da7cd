package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import io.netty.util.AsciiString;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's own HTTP control plane, for tests and benchmarks in other processes. Needs no key and
 * is left out of the stats, so that reading the stats does not change them:
 * <ul>
 *   <li>{@code POST /_simulator/fault} with {@code {"status":529,"retry_after_ms":1000,"latency_ms":0,
 *       "stall_after_events":-1,"reset_connection":false,"malformed_sse":false,"remaining":-1}}
 *       (every field optional) replaces the fault and echoes it; unknown fields are refused</li>
 *   <li>{@code DELETE /_simulator/fault} clears it</li>
 *   <li>{@code GET /_simulator/stats} returns the stats (see {@link SimulatorStats}; {@code requests_by_kind}
 *       holds its {@code requestsByKind}); {@code DELETE /_simulator/stats} resets them</li>
 * </ul>
 */
final class ControlApi {
    static final String PREFIX = "/_simulator/";

    private final FaultPlan faults;
    private final Stats stats;

    ControlApi(FaultPlan faults, Stats stats) {
        this.faults = faults;
        this.stats = stats;
    }

    void handle(HttpServerRequest req) {
        AsciiString requestId = Ids.requestId();
        try {
            switch (req.path()) {
                case "/_simulator/fault" -> fault(req, requestId);
                case "/_simulator/stats" -> stats(req, requestId);
                default -> throw ApiException.notFound("Not Found");
            }
        } catch (ApiException e) {
            Http.error(req, requestId, e);
        }
    }

    private void fault(HttpServerRequest req, AsciiString requestId) {
        if (req.method() == HttpMethod.POST) {
            BodyReader.read(req, requestId, body -> {
                try {
                    Fault fault = parseFault(body);
                    faults.set(fault);
                    Http.json(req, requestId, 200, Buffer.buffer(faultJson(fault).toString()));
                } catch (ApiException e) {
                    Http.error(req, requestId, e);
                }
            });
        } else if (req.method() == HttpMethod.DELETE) {
            faults.clear();
            Http.noContent(req, requestId);
        } else {
            notAllowed(req, requestId, "POST, DELETE");
        }
    }

    private void stats(HttpServerRequest req, AsciiString requestId) {
        if (req.method() == HttpMethod.GET) {
            Http.json(req, requestId, 200, Buffer.buffer(statsJson(stats.snapshot()).toString()));
        } else if (req.method() == HttpMethod.DELETE) {
            stats.reset();
            Http.noContent(req, requestId);
        } else {
            notAllowed(req, requestId, "GET, DELETE");
        }
    }

    private static void notAllowed(HttpServerRequest req, AsciiString requestId, String allow) {
        req.response().headers().add(Http.ALLOW, allow);
        Http.error(req, requestId, 405, ErrorType.INVALID_REQUEST, "Method " + req.method().name() + " not allowed",
                null);
    }

    static Fault parseFault(Buffer body) {
        JsonNode root = MessageRequest.readObject(body);
        int status = 0;
        Duration retryAfter = null;
        Duration latency = null;
        int stall = -1;
        boolean reset = false;
        boolean malformed = false;
        int remaining = -1;
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "status" -> status = integer(field.getKey(), value);
                case "retry_after_ms" -> retryAfter = millis(field.getKey(), value);
                case "latency_ms" -> latency = millis(field.getKey(), value);
                case "stall_after_events" -> stall = integer(field.getKey(), value);
                case "reset_connection" -> reset = bool(field.getKey(), value);
                case "malformed_sse" -> malformed = bool(field.getKey(), value);
                case "remaining" -> remaining = integer(field.getKey(), value);
                default -> throw ApiException.invalidRequest(field.getKey() + ": unknown field");
            }
        }
        try {
            return new Fault(status, retryAfter, latency, stall, reset, malformed, remaining);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest(e.getMessage());
        }
    }

    private static int integer(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.invalidRequest(name + ": Input should be a valid integer");
        }
        return value.intValue();
    }

    private static Duration millis(String name, JsonNode value) {
        return value.isNull() ? null : Duration.ofMillis(integer(name, value));
    }

    private static boolean bool(String name, JsonNode value) {
        if (!value.isBoolean()) {
            throw ApiException.invalidRequest(name + ": Input should be a valid boolean");
        }
        return value.booleanValue();
    }

    static ObjectNode faultJson(Fault fault) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("status", fault.status());
        putMillis(json, "retry_after_ms", fault.retryAfter());
        putMillis(json, "latency_ms", fault.latency());
        json.put("stall_after_events", fault.stallAfterEvents());
        json.put("reset_connection", fault.resetConnection());
        json.put("malformed_sse", fault.malformedSse());
        json.put("remaining", fault.remaining());
        return json;
    }

    private static void putMillis(ObjectNode json, String name, Duration value) {
        if (value == null) {
            json.putNull(name);
        } else {
            json.put(name, value.toMillis());
        }
    }

    static ObjectNode statsJson(SimulatorStats s) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("requests", s.requests());
        json.putObject("requests_by_kind").put("messages", s.requestsByKind().messages())
                .put("batches", s.requestsByKind().batches()).put("files", s.requestsByKind().files())
                .put("other", s.requestsByKind().other());
        json.put("messages", s.messages());
        json.put("streams_started", s.streamsStarted());
        json.put("streams_completed", s.streamsCompleted());
        json.put("streams_cancelled", s.streamsCancelled());
        json.put("faults_injected", s.faultsInjected());
        json.put("connections", s.connections());
        ObjectNode headers = json.putObject("last_headers");
        new TreeMap<>(s.lastHeaders()).forEach(headers::put);
        json.put("last_body", s.lastBody());
        return json;
    }
}
