package dev.switchyard.conversation;

import java.time.Instant;

/** A stored message: its position in the conversation (from 1), role, content JSON and time. */
public record StoredMessage(int seq, String role, String content, Instant createdAt) {}
