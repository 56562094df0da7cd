package dev.switchyard.auth.keys;

import dev.switchyard.auth.Quota;
import java.time.Instant;

/** A team: its own limits and budget apply on top of each of its keys' limits. */
public record Tenant(String id, String name, Quota quota, Instant createdAt, Instant updatedAt) {
    public Tenant {
        quota = quota == null ? Quota.UNLIMITED : quota;
    }
}
