package dev.switchyard.gateway;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids in the API's form: {@code req_} and 24 base-62 characters. */
final class RequestIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private RequestIds() {}

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] id = new char[28];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        for (int i = 4; i < id.length; i++) {
            id[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
