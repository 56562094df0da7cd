package dev.switchyard.gateway;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids in the API's form: {@code req_} and 24 base-62 characters. The first 8 are the time in
 * milliseconds, so ids sort by when they were made (the alphabet is in ASCII order): the ledger's unique
 * index on request ids then grows at its end like its time indexes, instead of dirtying pages all over the
 * tree on every insert (measured: the embedded store's page writes were a third of the quick start's CPU).
 * The other 16 are random (95 bits), so ids made in the same millisecond still never meet.
 */
final class RequestIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    static final int TIME_CHARS = 8;

    private RequestIds() {}

    static String next() {
        return next(System.currentTimeMillis());
    }

    static String next(long millis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] id = new char[28];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        long t = millis;
        for (int i = 4 + TIME_CHARS - 1; i >= 4; i--) {
            id[i] = ALPHABET[(int) (t % ALPHABET.length)];
            t /= ALPHABET.length;
        }
        for (int i = 4 + TIME_CHARS; i < id.length; i++) {
            id[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
