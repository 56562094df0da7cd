package dev.switchyard.filter;

import java.util.List;
import java.util.Optional;

/**
 * Filters one stream of text deltas with a bounded look-behind: {@link #push} returns what is safe to
 * release now and holds back at most a few hundred characters, so a match split across deltas is still
 * caught. After a block, nothing more is released. Not thread-safe: one per stream.
 */
public interface TextStream {

    /** Adds a delta; returns the text now safe to release (possibly empty, never null). */
    String push(String delta);

    /** Ends the stream; returns the held-back text, filtered. */
    String finish();

    /** Present once the stream was blocked. */
    Optional<Block> block();

    /** Findings for the text released so far (and the block, if any), in text order. */
    List<Finding> findings();
}
