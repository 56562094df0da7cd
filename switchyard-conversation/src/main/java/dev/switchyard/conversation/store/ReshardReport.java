package dev.switchyard.conversation.store;

import java.util.List;

/** What adding a shard moved: one entry per old shard, in ring order. */
public record ReshardReport(String newShard, List<Move> moves) {

    /** What moved from one old shard to the new one. */
    public record Move(String from, long conversations, long messages, long profiles) {}

    public ReshardReport {
        moves = List.copyOf(moves);
    }

    public long conversations() {
        return moves.stream().mapToLong(Move::conversations).sum();
    }

    public long messages() {
        return moves.stream().mapToLong(Move::messages).sum();
    }

    public long profiles() {
        return moves.stream().mapToLong(Move::profiles).sum();
    }
}
