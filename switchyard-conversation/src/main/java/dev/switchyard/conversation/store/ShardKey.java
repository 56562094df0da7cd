package dev.switchyard.conversation.store;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.ring.HashRing;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The shard key. Everything of one user (their conversations, messages and profile) sits at one ring
 * position, {@code HashRing.hash(tenantId + "/" + userId)}, so a user's list touches one shard. A
 * conversation id carries that position: {@code conv_} + the position as 16 hex digits + 16 random hex
 * digits, so {@code ring.nodeAt(positionOf(id))} finds the shard from the id alone, without a lookup
 * table. The tenant is part of the key so that equal user ids of two tenants are two users.
 */
final class ShardKey {
    static final String PREFIX = "conv_";
    private static final int HEX = 16;
    private static final int ID_LENGTH = PREFIX.length() + 2 * HEX;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ShardKey() {}

    static long position(String tenantId, String userId) {
        return HashRing.hash(tenantId + "/" + userId);
    }

    static String newConversationId(long position) {
        byte[] suffix = new byte[HEX / 2];
        RANDOM.nextBytes(suffix);
        return PREFIX + HexFormat.of().toHexDigits(position) + HexFormat.of().formatHex(suffix);
    }

    /** The ring position in a conversation id; a malformed id is a conversation that does not exist. */
    static long positionOf(String conversationId) {
        if (conversationId == null || conversationId.length() != ID_LENGTH || !conversationId.startsWith(PREFIX)) {
            throw notFound(conversationId);
        }
        try {
            return Long.parseUnsignedLong(conversationId, PREFIX.length(), PREFIX.length() + HEX, 16);
        } catch (NumberFormatException e) {
            throw notFound(conversationId);
        }
    }

    /** Names the id only when it has the shape of one: a client's odd or huge input is not echoed back. */
    static ApiException notFound(String conversationId) {
        boolean wellFormed = conversationId != null && conversationId.length() == ID_LENGTH
                && conversationId.startsWith(PREFIX) && conversationId.chars().skip(PREFIX.length())
                        .allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
        return ApiException.notFound(wellFormed ? "conversation not found: " + conversationId
                : "conversation not found");
    }
}
