package dev.switchyard.conversation;

import java.time.Instant;

/**
 * A user's profile: a small JSON object ({@code data}, compact JSON text) kept on the user's shard, next
 * to their conversations.
 */
public record UserProfile(String tenantId, String userId, String data, Instant updatedAt) {}
