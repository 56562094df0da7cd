package dev.switchyard.filter;

/** One compiled policy: filters whole texts and streams of text deltas. Thread-safe. */
public interface ContentPolicy {

    /** The policy's configured name: safe for error messages and metric labels. */
    String name();

    /** Filters a whole text: the redacted text, its findings, or a block. */
    FilterResult apply(String text);

    /** A filter for one stream of text deltas (one per text block of a response). */
    TextStream stream();
}
