package dev.switchyard.auth;

/** An authenticated caller. {@code keyId} names the key without revealing it (safe for logs). */
public record Principal(String keyId) {}
