package dev.switchyard.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The shared cluster credential, compared in constant time. Its value never leaves this class but on the wire. */
public final class ClusterSecret {
    private final byte[] value;

    public ClusterSecret(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("cluster.secret is not set");
        }
        this.value = value.getBytes(StandardCharsets.UTF_8);
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The header value to send. */
    String value() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ClusterSecret[<redacted>]";
    }
}
