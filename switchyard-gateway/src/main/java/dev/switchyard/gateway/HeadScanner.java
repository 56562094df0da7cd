package dev.switchyard.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Walks the raw bytes of one request head, line by line, to find what Netty's decoder would hide:
 * an obs-folded header line (a line starting with a space or a tab), which the decoder silently
 * joins to the line before. Stops at the blank line ending the head; fed each byte exactly once.
 */
final class HeadScanner {
    private enum State { START, REQUEST_LINE, LINE_START, HEADER_LINE, BLANK_CR, DONE }

    /**
     * The bytes are copied out in blocks and walked in an array: a call per byte through {@code
     * ByteBuf.getByte} is a virtual call the JIT often cannot inline (the method sees many buffer types
     * in one process), and it cost several times the walk itself. One block per event loop thread:
     * a decoder runs only on its channel's loop, and a scan never reenters.
     */
    private static final FastThreadLocal<byte[]> BLOCK = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[512];
        }
    };

    private State state = State.START;
    private boolean folded;

    /** Scans {@code buf[from, to)}; returns the index after the last byte scanned. */
    int scan(ByteBuf buf, int from, int to) {
        byte[] block = BLOCK.get();
        int i = from;
        while (i < to && scanning()) {
            int n = Math.min(block.length, to - i);
            buf.getBytes(i, block, 0, n);
            int j = 0;
            for (; j < n && scanning(); j++) {
                step(block[j]);
            }
            i += j;
        }
        return i;
    }

    private void step(byte b) {
        switch (state) {
            case START -> {
                // The decoder skips control characters and white space before the request line.
                if (b > ' ' && b != 0x7f) {
                    state = State.REQUEST_LINE;
                }
            }
            case REQUEST_LINE, HEADER_LINE -> {
                if (b == '\n') {
                    state = State.LINE_START;
                }
            }
            case LINE_START -> {
                if (b == ' ' || b == '\t') {
                    folded = true;
                } else if (b == '\r') {
                    state = State.BLANK_CR;
                } else if (b == '\n') {
                    state = State.DONE;
                } else {
                    state = State.HEADER_LINE;
                }
            }
            case BLANK_CR -> state = b == '\n' ? State.DONE : State.HEADER_LINE;
            case DONE -> { }
        }
    }

    boolean folded() {
        return folded;
    }

    boolean scanning() {
        return state != State.DONE && !folded;
    }

    void reset() {
        state = State.START;
        folded = false;
    }
}
