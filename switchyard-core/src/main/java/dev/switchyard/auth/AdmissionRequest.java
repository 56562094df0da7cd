package dev.switchyard.auth;

/**
 * What admission needs to know about a request before it goes upstream: the model as the client
 * named it, an estimate of its input tokens and its max_tokens (together, its worst case).
 */
public record AdmissionRequest(String requestId, String model, long estimatedInputTokens, long maxTokens) {}
