package dev.switchyard.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * The content filter service: sees each request body before it goes upstream and may reject it
 * with an {@link dev.switchyard.core.error.ApiException}. {@link #ALLOW_ALL} is the default.
 */
public interface ContentFilter {
    Future<Void> check(ObjectNode request);

    ContentFilter ALLOW_ALL = request -> Future.succeededFuture();
}
