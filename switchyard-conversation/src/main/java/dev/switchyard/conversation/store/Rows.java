package dev.switchyard.conversation.store;

import dev.switchyard.core.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** Whole rows of some users (by ring position), as a reshard copies them from one shard to another. */
record Rows(List<ConversationRow> conversations, List<MessageRow> messages, List<ProfileRow> profiles) {

    record ConversationRow(String id, String tenantId, String userId, long position, String title, int messageCount,
            long bytes, Instant createdAt, Instant updatedAt) {}

    record MessageRow(String conversationId, int seq, String role, String content, Instant createdAt) {}

    record ProfileRow(String tenantId, String userId, long position, String data, Instant updatedAt) {}

    Rows {
        conversations = conversations.stream().sorted(Comparator.comparing(ConversationRow::id)).toList();
        messages = messages.stream()
                .sorted(Comparator.comparing(MessageRow::conversationId).thenComparingInt(MessageRow::seq))
                .toList();
        profiles = profiles.stream()
                .sorted(Comparator.comparing(ProfileRow::tenantId).thenComparing(ProfileRow::userId))
                .toList();
    }

    boolean isEmpty() {
        return conversations.isEmpty() && messages.isEmpty() && profiles.isEmpty();
    }

    /**
     * SHA-256 over every field of every row in a fixed order, so a copy that lost, duplicated or altered a
     * row (a truncated content, a shifted timestamp) does not verify. Each field is length-prefixed so
     * that content holding separators cannot make two different row sets collide.
     */
    String checksum() {
        MessageDigest digest = Sha256.newDigest();
        for (ConversationRow c : conversations) {
            update(digest, "c", c.id(), c.tenantId(), c.userId(), c.position(), c.title(), c.messageCount(), c.bytes(),
                    c.createdAt(), c.updatedAt());
        }
        for (MessageRow m : messages) {
            update(digest, "m", m.conversationId(), m.seq(), m.role(), m.content(), m.createdAt());
        }
        for (ProfileRow p : profiles) {
            update(digest, "p", p.tenantId(), p.userId(), p.position(), p.data(), p.updatedAt());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, Object... fields) {
        for (Object field : fields) {
            byte[] bytes = String.valueOf(field).getBytes(StandardCharsets.UTF_8);
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
    }
}
