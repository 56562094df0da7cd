package dev.switchyard.filter.policy;

import java.util.List;

/** Finds one kind of match in a text. */
interface Detector {

    /** Adds every match in {@code text} to {@code out}. */
    void find(String text, List<Match> out);

    /**
     * Like {@link #find(String, List)}, for one of a stream's scans: it may leave out matches {@code scan}
     * says cannot matter, and keep answers in it for the next scans. A null {@code scan}: a whole text.
     */
    default void find(String text, List<Match> out, StreamScan scan) {
        find(text, out);
    }

    /** The longest match this detector can report: the streaming filter's look-behind. */
    int window();

    /**
     * How many trailing characters of a stream's unreleased text a match that may still grow (one
     * that later text could extend or complete) could cover: what the stream must hold back for this
     * detector now. At most {@link #window()}; the default is the window itself.
     */
    default int hold(CharSequence pending) {
        return window();
    }
}
