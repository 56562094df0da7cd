package dev.switchyard.core.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a string's UTF-8 bytes, for keys, tokens and cache keys. Each thread reuses one digest
 * ({@code digest()} resets it): looking the algorithm up among the security providers for every call made
 * hashing a key take 132-471 ns instead of 71-73 (BENCHMARKS.md, issue 15, ninth pass).
 */
public final class Sha256 {
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {}

    public static byte[] of(String text) {
        return DIGEST.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #of} in lower-case hex. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(of(text));
    }

    /** A digest of its own, for a caller that feeds it in parts. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
