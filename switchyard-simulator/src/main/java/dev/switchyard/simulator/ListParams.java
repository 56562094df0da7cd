package dev.switchyard.simulator;

import dev.switchyard.core.error.ApiException;
import io.vertx.core.http.HttpServerRequest;

/**
 * The paging parameters every list of the API takes: {@code limit} (1-1000, default 20) and one cursor,
 * {@code before_id} or {@code after_id}. The newer cursor of the Files list, {@code page} (opaque,
 * {@code page_...}, from a previous answer's {@code next_page}), is read as the after_id it wraps.
 *
 * @param beforeId the page ends just before this id; null for none
 * @param afterId  the page starts just after this id; null for none
 */
record ListParams(String beforeId, String afterId, int limit) {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;
    static final String PAGE_PREFIX = "page_";

    static ListParams of(HttpServerRequest req) {
        String beforeId = req.getParam("before_id");
        String afterId = req.getParam("after_id");
        String page = req.getParam("page");
        if (page != null && afterId == null) {
            if (!page.startsWith(PAGE_PREFIX)) {
                throw ApiException.invalidRequest("page: invalid page cursor " + page);
            }
            afterId = page.substring(PAGE_PREFIX.length());
        }
        if (beforeId != null && afterId != null) {
            throw ApiException.invalidRequest("before_id and after_id cannot both be set");
        }
        return new ListParams(beforeId, afterId, limit(req.getParam("limit")));
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.invalidRequest("limit: Input should be a valid integer");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalidRequest("limit: Input should be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }
}
