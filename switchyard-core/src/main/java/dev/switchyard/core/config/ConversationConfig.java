package dev.switchyard.core.config;

import java.util.List;

/**
 * Conversation storage: PostgreSQL shards, each a {@link StoreConfig} with a name, placed on a consistent
 * hash ring with {@code virtualNodes} points per shard. The embedded default is one shard in the
 * embedded database. {@code maxProfileBytes} bounds a user profile (its compact JSON, in UTF-8).
 */
public record ConversationConfig(boolean enabled, List<Shard> shards, int virtualNodes, int maxProfileBytes) {
    public static final int DEFAULT_MAX_PROFILE_BYTES = 64 * 1024;
    /** A profile travels whole through the cache and every read: kept far below a request body. */
    public static final int MAX_PROFILE_BYTES_LIMIT = 16 * 1024 * 1024;

    /** One shard: a stable name (it decides the shard's ring positions) and where it lives. */
    public record Shard(String name, StoreConfig store) {}

    public ConversationConfig {
        shards = List.copyOf(shards);
        if (maxProfileBytes < 1 || maxProfileBytes > MAX_PROFILE_BYTES_LIMIT) {
            throw new IllegalArgumentException("conversations.max_profile_bytes: expected 1 to "
                    + MAX_PROFILE_BYTES_LIMIT + " bytes, got " + maxProfileBytes);
        }
    }

    /** With the default profile size limit (64 KiB). */
    public ConversationConfig(boolean enabled, List<Shard> shards, int virtualNodes) {
        this(enabled, shards, virtualNodes, DEFAULT_MAX_PROFILE_BYTES);
    }

    public static ConversationConfig embedded(StoreConfig store) {
        return new ConversationConfig(true, List.of(new Shard("shard-0", store)), 100);
    }

    public static ConversationConfig disabled() {
        return new ConversationConfig(false, List.of(), 100);
    }
}
