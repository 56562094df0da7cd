package dev.switchyard.core.config;

import java.util.List;

/**
 * Conversation storage: PostgreSQL shards, each a {@link StoreConfig} with a name, placed on a consistent
 * hash ring with {@code virtualNodes} points per shard. The embedded default is one shard in the
 * embedded database.
 */
public record ConversationConfig(boolean enabled, List<Shard> shards, int virtualNodes) {

    /** One shard: a stable name (it decides the shard's ring positions) and where it lives. */
    public record Shard(String name, StoreConfig store) {}

    public ConversationConfig {
        shards = List.copyOf(shards);
    }

    public static ConversationConfig embedded(StoreConfig store) {
        return new ConversationConfig(true, List.of(new Shard("shard-0", store)), 100);
    }

    public static ConversationConfig disabled() {
        return new ConversationConfig(false, List.of(), 100);
    }
}
