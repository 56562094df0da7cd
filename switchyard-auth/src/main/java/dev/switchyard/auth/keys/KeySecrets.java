package dev.switchyard.auth.keys;

import dev.switchyard.core.hash.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Key material: generation (256 bits from SecureRandom, base64url after a recognisable prefix),
 * hashing (SHA-256, lowercase hex) and the short display prefix the store keeps.
 */
public final class KeySecrets {
    public static final String CLIENT_PREFIX = "sk-sy-";
    public static final String ADMIN_PREFIX = "sk-sy-admin-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecrets() {}

    public static String generate() {
        return generate(CLIENT_PREFIX);
    }

    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String plaintext) {
        return Sha256.hex(plaintext);
    }

    /** The prefix and four characters of the secret: enough to tell keys apart, far too little to guess one. */
    public static String displayPrefix(String plaintext) {
        int prefixEnd = plaintext.startsWith(ADMIN_PREFIX) ? ADMIN_PREFIX.length()
                : plaintext.startsWith(CLIENT_PREFIX) ? CLIENT_PREFIX.length() : 0;
        return plaintext.substring(0, Math.min(plaintext.length(), prefixEnd + 4)) + "…";
    }
}
