package dev.switchyard.filter.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream's scans, as a detector sees them. A stream is scanned again on every delta over a window
 * that still holds most of the last scan's text, and some checks cost far more than the scan itself
 * (libphonenumber: 10 to 40 µs a candidate). So a scan says which of its matches can matter, and a
 * detector may keep answers about a piece of text for the next scans. Not thread-safe: one per stream.
 */
final class StreamScan {
    private static final int ENTRIES = 64;

    private final Map<String, List<Match>> answers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Match>> eldest) {
            return size() > ENTRIES;
        }
    };
    private int released;
    private boolean more;

    /**
     * Starts a scan: matches ending at or before {@code released} lie in text already released (kept
     * only as context) and are dropped; {@code more}: the text may go on past the scan's end (not the
     * stream's last scan), so a candidate running up to the end is judged on a later scan, when whole.
     */
    void start(int released, boolean more) {
        this.released = released;
        this.more = more;
    }

    /** Whether a match within {@code text[from, to)} can matter to this scan. */
    boolean matters(int from, int to, int textLength) {
        return to > released && !(more && to >= textLength);
    }

    /** The matches found in {@code piece} on an earlier scan, or null (not looked at, or forgotten). */
    List<Match> answer(String piece) {
        return answers.get(piece);
    }

    /** Keeps the matches found in {@code piece}, at offsets into it. */
    void keep(String piece, List<Match> matches) {
        answers.put(piece, List.copyOf(matches));
    }
}
