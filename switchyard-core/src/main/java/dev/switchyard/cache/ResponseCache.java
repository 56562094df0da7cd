package dev.switchyard.cache;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The response cache service. Looked up after authentication and before routing; stored to after a
 * successful non-streaming response. {@link #NONE} never hits: the default until the cache issue.
 */
public interface ResponseCache {
    /** The cached response body for this request, or a null result on a miss. Never fails the request. */
    Future<Buffer> lookup(String tenant, Buffer canonicalRequest);

    void store(String tenant, Buffer canonicalRequest, Buffer response);

    ResponseCache NONE = new ResponseCache() {
        @Override
        public Future<Buffer> lookup(String tenant, Buffer canonicalRequest) {
            return Future.succeededFuture();
        }

        @Override
        public void store(String tenant, Buffer canonicalRequest, Buffer response) {}
    };
}
