package dev.switchyard.gateway;

import io.netty.buffer.ByteBuf;

/**
 * Walks the raw bytes of one request head, line by line, to find what Netty's decoder would hide:
 * an obs-folded header line (a line starting with a space or a tab), which the decoder silently
 * joins to the line before. Stops at the blank line ending the head; fed each byte exactly once.
 */
final class HeadScanner {
    private enum State { START, REQUEST_LINE, LINE_START, HEADER_LINE, BLANK_CR, DONE }

    private State state = State.START;
    private boolean folded;

    /** Scans {@code buf[from, to)}; returns the index after the last byte scanned. */
    int scan(ByteBuf buf, int from, int to) {
        int i = from;
        for (; i < to && state != State.DONE && !folded; i++) {
            step(buf.getByte(i));
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
