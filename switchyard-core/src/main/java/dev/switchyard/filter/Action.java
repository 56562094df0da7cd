package dev.switchyard.filter;

/** What a policy does with a match. Declared weakest first: a stronger action wins an overlap. */
public enum Action {
    /** Counted as a finding, text left as it is. */
    ALLOW,
    /** Replaced by a typed placeholder such as {@code [EMAIL]}. */
    REDACT,
    /** The whole text is refused. */
    BLOCK
}
