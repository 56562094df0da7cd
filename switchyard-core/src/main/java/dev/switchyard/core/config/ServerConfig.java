package dev.switchyard.core.config;

import java.time.Duration;

/**
 * The gateway's listener: where it binds and the limits it puts on what clients send.
 *
 * @param headerTimeout       a request head must be complete this long after the connection opened, or after
 *                            the first byte of a later request on a kept-alive connection
 * @param bodyTimeout         a request body must be complete this long after its head (408 otherwise)
 * @param keepAliveTimeout    an idle connection between requests is closed after this long
 * @param maxConnectionsPerIp concurrent connections one client address may hold; 0 = no cap
 * @param metricsToken        when set, {@code GET /metrics} needs {@code Authorization: Bearer} with it; nullable
 */
public record ServerConfig(
        String host, int port, long maxBodyBytes, int maxHeaderBytes, Duration drainTimeout, int eventLoops,
        Duration headerTimeout, Duration bodyTimeout, Duration keepAliveTimeout, int maxConnectionsPerIp,
        String metricsToken) {

    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 1024;

    /** The listener with the default client timeouts, connection cap and no metrics token. */
    public ServerConfig(String host, int port, long maxBodyBytes, int maxHeaderBytes, Duration drainTimeout,
            int eventLoops) {
        this(host, port, maxBodyBytes, maxHeaderBytes, drainTimeout, eventLoops, DEFAULT_HEADER_TIMEOUT,
                DEFAULT_BODY_TIMEOUT, DEFAULT_KEEPALIVE_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_IP, null);
    }

    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8080, DEFAULT_MAX_BODY_BYTES, 16 * 1024, Duration.ofSeconds(30), 0);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBodyBytes, maxHeaderBytes, drainTimeout, eventLoops, headerTimeout,
                bodyTimeout, keepAliveTimeout, maxConnectionsPerIp, metricsToken);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, maxBodyBytes, maxHeaderBytes, drainTimeout, eventLoops, headerTimeout,
                bodyTimeout, keepAliveTimeout, maxConnectionsPerIp, metricsToken);
    }

    /** {@code loops} server instances, one per event loop; 0 = one per core. */
    public ServerConfig withEventLoops(int loops) {
        return new ServerConfig(host, port, maxBodyBytes, maxHeaderBytes, drainTimeout, loops, headerTimeout,
                bodyTimeout, keepAliveTimeout, maxConnectionsPerIp, metricsToken);
    }

    public ServerConfig withClientTimeouts(Duration header, Duration body, Duration keepAlive) {
        return new ServerConfig(host, port, maxBodyBytes, maxHeaderBytes, drainTimeout, eventLoops, header, body,
                keepAlive, maxConnectionsPerIp, metricsToken);
    }

    public ServerConfig withMaxConnectionsPerIp(int max) {
        return new ServerConfig(host, port, maxBodyBytes, maxHeaderBytes, drainTimeout, eventLoops, headerTimeout,
                bodyTimeout, keepAliveTimeout, max, metricsToken);
    }

    public ServerConfig withMetricsToken(String token) {
        return new ServerConfig(host, port, maxBodyBytes, maxHeaderBytes, drainTimeout, eventLoops, headerTimeout,
                bodyTimeout, keepAliveTimeout, maxConnectionsPerIp, token);
    }

    /** Never prints the metrics token. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", maxBodyBytes=" + maxBodyBytes + ", maxHeaderBytes="
                + maxHeaderBytes + ", drainTimeout=" + drainTimeout + ", eventLoops=" + eventLoops + ", headerTimeout="
                + headerTimeout + ", bodyTimeout=" + bodyTimeout + ", keepAliveTimeout=" + keepAliveTimeout
                + ", maxConnectionsPerIp=" + maxConnectionsPerIp + ", metricsToken="
                + (metricsToken == null ? "none" : "***") + "]";
    }
}
