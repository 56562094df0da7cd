package dev.switchyard.auth;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.hash.Sha256;
import io.vertx.core.Future;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Accepts the client keys listed in the config. Keys are held only as SHA-256 digests and every
 * presented key is compared against every digest with {@link MessageDigest#isEqual}, so neither
 * timing nor a heap dump gives a key away.
 */
public final class StaticKeyAuthService implements AuthService {
    private static final int MAX_KEY_LENGTH = 512;
    private static final Future<Principal> MISSING = Future.failedFuture(new ApiException(ErrorType.AUTHENTICATION,
            "x-api-key header is required"));
    private static final Future<Principal> INVALID = Future.failedFuture(new ApiException(ErrorType.AUTHENTICATION,
            "invalid x-api-key"));

    private final byte[][] digests;
    private final List<Future<Principal>> principals;

    public StaticKeyAuthService(List<String> keys) {
        this.digests = keys.stream().map(StaticKeyAuthService::sha256).toArray(byte[][]::new);
        this.principals = keys.stream()
                .map(k -> Future.succeededFuture(Principal.staticKey("key-" + HexFormat.of().formatHex(sha256(k), 0, 4))))
                .toList();
    }

    @Override
    public Future<Principal> authenticate(String credential) {
        if (credential == null || credential.isEmpty()) {
            return MISSING;
        }
        if (credential.length() > MAX_KEY_LENGTH) {
            return INVALID;
        }
        byte[] presented = sha256(credential);
        int match = -1;
        for (int i = 0; i < digests.length; i++) {
            if (MessageDigest.isEqual(presented, digests[i])) {
                match = i;
            }
        }
        return match < 0 ? INVALID : principals.get(match);
    }

    static byte[] sha256(String s) {
        return Sha256.of(s);
    }
}
