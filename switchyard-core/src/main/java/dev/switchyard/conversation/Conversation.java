package dev.switchyard.conversation;

import java.time.Instant;

/** A conversation's header; its messages are fetched apart. */
public record Conversation(String id, String tenantId, String userId, String title, int messageCount,
        Instant createdAt, Instant updatedAt) {}
