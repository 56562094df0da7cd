package dev.switchyard.simulator;

import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random ids in the API's style ({@code req_...}, {@code msg_...}, {@code msgbatch_...}): 24 base62
 * characters, no contention.
 */
final class Ids {
    private static final byte[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".getBytes();
    private static final int LENGTH = 24;

    private Ids() {}

    static AsciiString requestId() {
        return random('r', 'e', 'q');
    }

    static AsciiString messageId() {
        return random('m', 's', 'g');
    }

    static AsciiString toolUseId() {
        AsciiString id = random('t', 'o', 'o');
        return new AsciiString("toolu_" + id.toString().substring(4));
    }

    /** {@code msgbatch_...}: a Message Batch. */
    static String batchId() {
        return prefixed("msgbatch_");
    }

    /** {@code file_...}: an uploaded file. */
    static String fileId() {
        return prefixed("file_");
    }

    /** {@code compl_...}: a legacy text completion. */
    static String completionId() {
        return prefixed("compl_");
    }

    private static String prefixed(String prefix) {
        return prefix + random('x', 'x', 'x').toString().substring(4);
    }

    private static AsciiString random(char a, char b, char c) {
        byte[] id = new byte[4 + LENGTH];
        id[0] = (byte) a;
        id[1] = (byte) b;
        id[2] = (byte) c;
        id[3] = '_';
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 4; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new AsciiString(id, false);
    }
}
