package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;
import dev.switchyard.filter.Block;
import dev.switchyard.filter.Finding;
import dev.switchyard.filter.TextStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Filters one stream of text deltas. {@link #push} returns the text that is safe to release; the
 * text a match ending in a later delta could still cover is held back (what each detector says it
 * needs now, at most {@link TextFilter#lookBehind()} characters). Anything further back is settled: a
 * match touching it lies wholly in the text already seen. {@link #finish} releases the rest. Held text
 * never exceeds the look-behind cap. After a block, nothing more is released. Not thread-safe: one
 * instance per stream.
 */
public final class StreamingFilter implements TextStream {
    /** Released text kept only as left context (word boundaries, look-behinds), never released again. */
    private static final int CONTEXT = 32;
    /**
     * Text held beyond the look-behind before a scan, so a scan is not paid on every small delta: at
     * least this much, or as much as the look-behind itself (each scan then releases at least half of
     * what it reads), never more than the cap allows.
     */
    private static final int SLACK = 64;

    private final TextFilter filter;
    private final int threshold;
    private final StringBuilder context = new StringBuilder();
    private final StringBuilder pending = new StringBuilder();
    private final List<Finding> findings = new ArrayList<>();
    private final StreamScan scans = new StreamScan();
    private Block block;
    private boolean finished;

    StreamingFilter(TextFilter filter) {
        this.filter = filter;
        int hold = filter.lookBehind();
        this.threshold = Math.max(hold, Math.min(filter.lookBehindCap(), hold + Math.max(SLACK, hold)));
    }

    /** Adds a delta; returns the text now safe to release (possibly empty, never null). */
    @Override
    public String push(String delta) {
        if (finished) {
            throw new IllegalStateException("push after finish");
        }
        if (block != null) {
            return "";
        }
        pending.append(delta);
        // a scan is due once the most a stream may hold is reached; it releases all but what a match
        // that may still grow could cover now, usually much less than the longest match
        return pending.length() <= threshold ? "" : release(pending.length() - filter.hold(pending));
    }

    /** Ends the stream; returns the held-back text, filtered. */
    @Override
    public String finish() {
        if (finished) {
            throw new IllegalStateException("finish twice");
        }
        finished = true;
        return block != null ? "" : release(pending.length());
    }

    public boolean blocked() {
        return block != null;
    }

    @Override
    public Optional<Block> block() {
        return Optional.ofNullable(block);
    }

    /** Findings for the text released so far, in text order. */
    @Override
    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** Characters received but not yet released. */
    public int held() {
        return pending.length();
    }

    private String release(int settled) {
        String scan = context.toString() + pending;
        int offset = context.length();
        scans.start(offset, !finished);
        List<Match> matches = filter.find(scan, scans);
        List<Match> candidates = new ArrayList<>();
        for (Match match : matches) {
            if (match.start() >= offset) {
                candidates.add(match.shift(-offset));
            }
        }
        List<Match> kept = TextFilter.resolve(candidates);
        int cut = settled;
        for (Match match : kept) {
            if (match.start() < settled && match.end() > cut) {
                cut = match.end(); // release a settled match whole rather than split it
            }
        }
        for (Match match : matches) {
            if (match.action() == Action.BLOCK && match.end() > offset && match.start() - offset < cut) {
                return blockWith(match);
            }
        }
        int end = cut;
        String text = pending.toString();
        StringBuilder out = new StringBuilder(end);
        List<Match> released = kept.stream().filter(m -> m.start() < end).toList();
        TextFilter.redact(text, released, 0, end, out);
        findings.addAll(TextFilter.findings(released));
        context.append(text, 0, end);
        context.delete(0, Math.max(0, context.length() - CONTEXT));
        pending.delete(0, end);
        return out.toString();
    }

    private String blockWith(Match match) {
        block = filter.block(match);
        findings.add(new Finding(match.category(), Action.BLOCK));
        pending.setLength(0);
        context.setLength(0);
        return "";
    }
}
