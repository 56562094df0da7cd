package dev.switchyard.filter.policy;

import java.util.List;

/** Finds one kind of match in a text. */
interface Detector {

    /** Adds every match in {@code text} to {@code out}. */
    void find(String text, List<Match> out);

    /** The longest match this detector can report: the streaming filter's look-behind. */
    int window();
}
