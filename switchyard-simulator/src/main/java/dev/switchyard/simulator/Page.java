package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list kept newest first, cut the way the API cuts its lists, and its JSON:
 * {@code {"data":[...],"has_more":..,"first_id":..,"last_id":..}}. A cursor must name an id in the list.
 */
record Page<T>(List<T> items, boolean hasMore) {

    static <T> Page<T> of(List<T> newestFirst, Function<T, String> id, ListParams params) {
        int size = newestFirst.size();
        if (params.afterId() != null) {
            int from = indexOf(newestFirst, id, "after_id", params.afterId()) + 1;
            int to = Math.min(size, from + params.limit());
            return new Page<>(newestFirst.subList(from, to), to < size);
        }
        if (params.beforeId() != null) {
            int to = indexOf(newestFirst, id, "before_id", params.beforeId());
            int from = Math.max(0, to - params.limit());
            return new Page<>(newestFirst.subList(from, to), from > 0);
        }
        int to = Math.min(size, params.limit());
        return new Page<>(newestFirst.subList(0, to), to < size);
    }

    private static <T> int indexOf(List<T> items, Function<T, String> id, String param, String wanted) {
        for (int i = 0; i < items.size(); i++) {
            if (id.apply(items.get(i)).equals(wanted)) {
                return i;
            }
        }
        throw ApiException.invalidRequest(param + ": unknown id " + wanted);
    }

    /**
     * The page in the API's list shape; with {@code nextPage} also the newer cursor field {@code next_page}
     * (null on the last page), which the Files list of the current SDKs follows.
     */
    Buffer render(Function<T, String> id, Function<T, ObjectNode> json, boolean nextPage) {
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode data = page.putArray("data");
        items.forEach(item -> data.add(json.apply(item)));
        page.put("has_more", hasMore);
        page.put("first_id", items.isEmpty() ? null : id.apply(items.getFirst()));
        page.put("last_id", items.isEmpty() ? null : id.apply(items.getLast()));
        if (nextPage) {
            page.put("next_page", hasMore ? ListParams.PAGE_PREFIX + id.apply(items.getLast()) : null);
        }
        return Buffer.buffer(page.toString());
    }
}
