package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Principal;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.ForwardCall;
import dev.switchyard.claude.UpstreamResource;
import dev.switchyard.claude.UpstreamResources;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/messages/batches} and {@code GET /v1/files}: the caller's tenant's objects only. A
 * deployment's own list shows every object of its account, other tenants' too, so the page comes from the
 * gateway's store (newest first, Anthropic's before_id/after_id/limit) and each object's current state from
 * the deployment that holds it. An object its deployment no longer knows (expired, deleted there) is left
 * out and forgotten.
 */
final class ResourceListing {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;
    private final ClaudeService claude;
    private final UpstreamResources resources;

    ResourceListing(ClaudeService claude, UpstreamResources resources) {
        this.claude = claude;
        this.resources = resources;
    }

    Future<Integer> list(Exchange ex, Principal principal, UpstreamResource.Kind kind) {
        MultiMap params = ClientInput.params(ex.request);
        String before = params.get("before_id");
        // page: the cursor of the newer SDKs' files lists (they send back next_page); here the last id seen
        String after = params.get("after_id") != null ? params.get("after_id") : params.get("page");
        if (before != null && after != null) {
            return Future.failedFuture(ApiException.invalidRequest("before_id and after_id cannot both be set"));
        }
        int limit = limit(params.get("limit"));
        return resources.list(kind, principal.tenantId(), before, after, limit).compose(page -> {
            List<Future<JsonNode>> current = new ArrayList<>();
            for (UpstreamResource r : page.items()) {
                current.add(current(ex, r));
            }
            return Future.join(current).transform(ar -> Future.succeededFuture(page(ex, current, page.hasMore())));
        });
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw ApiException.invalidRequest("limit: must be an integer from 1 to " + MAX_LIMIT + ", got "
                + ClientInput.shortened(text));
    }

    /** The object as its deployment shows it now; null when it is gone there (then forgotten here). */
    private Future<JsonNode> current(Exchange ex, UpstreamResource r) {
        String path = (r.kind() == UpstreamResource.Kind.BATCH ? PassthroughPath.BATCHES : PassthroughPath.FILES)
                + "/" + r.id();
        ForwardCall call = new ForwardCall(ex.requestId, HttpMethod.GET, path, ex.request.headers(), Buffer.buffer(),
                r.deployment(), null, ex.cancellation);
        return claude.forward(call).compose(up -> up.fullBody().map(body -> {
            if (up.status() == 404) {
                resources.forget(r.id());
                return null;
            }
            if (up.status() != 200) {
                throw ApiException.overloaded("deployment " + up.deployment() + " answered " + up.status()
                        + " for " + r.kind().wireName() + " " + r.id());
            }
            return read(body);
        }));
    }

    private static int page(Exchange ex, List<Future<JsonNode>> current, boolean hasMore) {
        for (Future<JsonNode> f : current) {
            if (f.failed()) {
                return ErrorResponder.send(ex, f.cause());
            }
        }
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode data = out.putArray("data");
        for (Future<JsonNode> f : current) {
            if (f.result() instanceof ObjectNode o) {
                ResultsUrls.rewriteIn(ex, o);
                data.add(o);
            }
        }
        out.put("has_more", hasMore);
        out.put("first_id", data.isEmpty() ? null : data.get(0).path("id").asText());
        out.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).path("id").asText());
        out.put("next_page", hasMore && !data.isEmpty() ? data.get(data.size() - 1).path("id").asText() : null);
        ex.response.putHeader("content-type", "application/json").end(out.toString());
        return 200;
    }

    private static JsonNode read(Buffer body) {
        try {
            return Json.mapper().readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }
}
