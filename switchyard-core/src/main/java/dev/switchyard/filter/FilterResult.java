package dev.switchyard.filter;

import java.util.List;
import java.util.Optional;

/**
 * A policy applied to one text.
 *
 * @param text     the text with redactions applied; empty when blocked
 * @param findings every match counted, in text order
 * @param block    present when the text must be refused
 */
public record FilterResult(String text, List<Finding> findings, Optional<Block> block) {

    public FilterResult {
        findings = List.copyOf(findings);
    }

    public boolean blocked() {
        return block.isPresent();
    }
}
