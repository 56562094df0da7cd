package dev.switchyard.conversation;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The conversation storage service (sharded PostgreSQL in its own issue). Declared here so that the
 * gateway and a remote implementation agree on one contract; no request path uses it yet.
 */
public interface ConversationService {
    Future<Void> append(String tenant, String conversationId, Buffer message);

    Future<List<Buffer>> history(String tenant, String conversationId, int limit);
}
