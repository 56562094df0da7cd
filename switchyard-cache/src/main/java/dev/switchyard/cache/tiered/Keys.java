package dev.switchyard.cache.tiered;

import dev.switchyard.cache.CacheKind;
import dev.switchyard.core.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Redis key layout: {@code <prefix><kind>:<tenant token>:<key token>}. The tenant token is the tenant id
 * in unpadded base64url, the key token the base64url SHA-256 of the key: neither can hold ':' or a glob
 * character, so a tenant id such as {@code *} or {@code a:b} can neither name another tenant's key nor
 * widen the purge pattern, and keys stay short whatever the caller's key is.
 */
final class Keys {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String prefix;
    private final String escapedPrefix;

    Keys(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
        this.escapedPrefix = globEscape(this.prefix);
    }

    String full(CacheKind kind, String tenant, String key) {
        return prefix + kind.configName() + ':' + tenantToken(tenant) + ':' + keyToken(key);
    }

    /**
     * Every key of the tenant, any kind. The '*' before the token can only span the kind: the token is
     * followed by ':' and key tokens hold none, so ":token:" appears in a key only as its own tenant.
     */
    String tenantPattern(String tenant) {
        return escapedPrefix + "*:" + tenantToken(tenant) + ":*";
    }

    static String tenantToken(String tenant) {
        return B64.encodeToString(tenant.getBytes(StandardCharsets.UTF_8));
    }

    static String keyToken(String key) {
        return B64.encodeToString(Sha256.of(key));
    }

    /** The prefix is configuration, not caller input, but may still hold glob characters. */
    static String globEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
