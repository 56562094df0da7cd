package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;

/** A detector hit as offsets into the scanned text; internal, never leaves the package with its text. */
record Match(int start, int end, String category, Action action) {

    int length() {
        return end - start;
    }

    Match shift(int offset) {
        return new Match(start + offset, end + offset, category, action);
    }
}
