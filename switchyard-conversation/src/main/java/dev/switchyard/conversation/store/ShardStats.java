package dev.switchyard.conversation.store;

import java.time.Instant;

/**
 * One shard's size. {@code users} counts distinct (tenant, user) pairs with a conversation or a profile.
 * {@code bytesOnDisk} is PostgreSQL's {@code pg_total_relation_size} of the shard's tables (heap, indexes,
 * TOAST); on the embedded H2 it is the size of the shard's own file, which also holds free pages and the
 * migration history, so it only approximates the data (-1 if the file cannot be read).
 * {@code lastWriteAt} is the newest conversation or profile update (deletes leave no trace), null when empty.
 */
public record ShardStats(String shard, long conversations, long users, long messages, long bytesOnDisk,
        Instant lastWriteAt) {}
