package dev.switchyard.cluster.cache;

import dev.switchyard.cache.CacheKind;

/**
 * The cache role's calls as JSON records, values as base64 text (Jackson's own encoding of byte[]).
 * JSON rather than a raw body with the kind, tenant and key in headers: every call then takes the one
 * decoded-record path of the other roles, and a cached value (a response, a translation, a conversation)
 * is small enough that base64's third more on a local network costs less than a second wire format.
 */
final class CacheWire {
    static final String ROLE = "cache";
    static final String GET = "get";
    static final String PUT = "put";
    static final String DELETE = "delete";
    static final String PURGE_TENANT = "purgeTenant";

    private CacheWire() {}

    record Entry(CacheKind kind, String tenant, String key) {}

    record Put(CacheKind kind, String tenant, String key, byte[] value) {}

    /** A lookup's answer: null on a miss. */
    record Value(byte[] value) {}

    record Tenant(String tenant) {}

    record Removed(long removed) {}
}
