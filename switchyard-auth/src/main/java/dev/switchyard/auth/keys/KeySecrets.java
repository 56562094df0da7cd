package dev.switchyard.auth.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Key material: generation (256 bits from SecureRandom, base64url after a recognisable prefix),
 * hashing (SHA-256, lowercase hex) and the short display prefix the store keeps.
 */
public final class KeySecrets {
    public static final String CLIENT_PREFIX = "sk-sy-";
    public static final String ADMIN_PREFIX = "sk-sy-admin-";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(KeySecrets::sha256);

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
        return HexFormat.of().formatHex(SHA256.get().digest(plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    /** The prefix and four characters of the secret: enough to tell keys apart, far too little to guess one. */
    public static String displayPrefix(String plaintext) {
        int prefixEnd = plaintext.startsWith(ADMIN_PREFIX) ? ADMIN_PREFIX.length()
                : plaintext.startsWith(CLIENT_PREFIX) ? CLIENT_PREFIX.length() : 0;
        return plaintext.substring(0, Math.min(plaintext.length(), prefixEnd + 4)) + "…";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
