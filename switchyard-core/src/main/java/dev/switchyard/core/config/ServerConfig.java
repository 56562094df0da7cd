package dev.switchyard.core.config;

import java.time.Duration;

/** The gateway's listener: where it binds and the limits it puts on what clients send. */
public record ServerConfig(
        String host, int port, long maxBodyBytes, int maxHeaderBytes, Duration drainTimeout, int eventLoops) {

    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;

    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8080, DEFAULT_MAX_BODY_BYTES, 16 * 1024, Duration.ofSeconds(30), 0);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBodyBytes, maxHeaderBytes, drainTimeout, eventLoops);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, maxBodyBytes, maxHeaderBytes, drainTimeout, eventLoops);
    }
}
