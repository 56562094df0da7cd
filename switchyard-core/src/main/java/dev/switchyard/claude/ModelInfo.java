package dev.switchyard.claude;

/** A model as {@code GET /v1/models} shows it. */
public record ModelInfo(String id, String displayName, String createdAt) {}
