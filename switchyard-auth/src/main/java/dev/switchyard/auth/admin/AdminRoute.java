package dev.switchyard.auth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * An admin collection another service adds to {@code /admin} (the cache's, the shards'): called on a
 * worker thread, after the admin credential was checked, with the method, the id after the collection
 * name (or null), the query parameters and the JSON body (or null). Returns the JSON answer; expected
 * rejections are {@link dev.switchyard.core.error.ApiException}s.
 */
@FunctionalInterface
public interface AdminRoute {
    JsonNode handle(String method, String id, Map<String, String> params, JsonNode body) throws Exception;
}
