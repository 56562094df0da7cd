package dev.switchyard.simulator;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The reply vocabulary: one word is one output token. A reply is a word sequence drawn by a 64-bit
 * linear congruential generator seeded from the prompt, so the same prompt always yields the same text,
 * streaming or not, and a reply capped by max_tokens is a prefix of the uncapped one. Every word's
 * JSON text and its whole SSE delta event are rendered once, at class load.
 */
final class Words {
    private static final String[] WORDS = {
        "the", "quick", "signal", "router", "gateway", "stream", "token", "model",
        "answer", "simple", "steady", "bright", "river", "stone", "cloud", "light",
        "north", "garden", "window", "paper", "silver", "orange", "purple", "yellow",
        "market", "summer", "winter", "autumn", "spring", "forest", "ocean", "valley",
        "mountain", "engine", "thread", "packet", "socket", "buffer", "kernel", "vector",
        "matrix", "harbor", "meadow", "lantern", "compass", "journey", "canvas", "marble",
        "copper", "velvet", "echo", "puzzle", "rhythm", "shadow", "timber", "meteor",
        "island", "bridge", "castle", "anchor", "feather", "glacier", "horizon", "pattern",
    };
    private static final int BITS = 6; // WORDS.length == 1 << BITS

    /** JSON-ready text of word i as the first token ("Word") and as a later one (" word"). */
    static final byte[][] FIRST_TEXT = new byte[WORDS.length][];
    static final byte[][] NEXT_TEXT = new byte[WORDS.length][];
    /** The complete content_block_delta event carrying that text. */
    static final Buffer[] FIRST_DELTA = new Buffer[WORDS.length];
    static final Buffer[] NEXT_DELTA = new Buffer[WORDS.length];

    static {
        for (int i = 0; i < WORDS.length; i++) {
            String word = WORDS[i];
            String first = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            FIRST_TEXT[i] = first.getBytes(StandardCharsets.US_ASCII);
            NEXT_TEXT[i] = (" " + word).getBytes(StandardCharsets.US_ASCII);
            FIRST_DELTA[i] = delta(first);
            NEXT_DELTA[i] = delta(" " + word);
        }
    }

    private Words() {}

    /** Spreads a prompt hash over 64 bits so near-identical prompts start far apart. */
    static long seed(long hash) {
        long z = hash + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    static long next(long state) {
        return state * 6364136223846793005L + 1442695040888963407L;
    }

    /** The word a generator state stands for: the top bits, the LCG's best ones. */
    static int word(long state) {
        return (int) (state >>> (64 - BITS));
    }

    private static Buffer delta(String text) {
        return Buffer.buffer("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n");
    }
}
