package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;
import dev.switchyard.filter.Block;
import dev.switchyard.filter.ContentPolicy;
import dev.switchyard.filter.Finding;
import dev.switchyard.filter.FilterResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link FilterPolicy} compiled into detectors. {@link #apply} filters a whole text;
 * {@link #stream} filters text that arrives in deltas. Immutable and thread-safe.
 */
public final class TextFilter implements ContentPolicy {
    /** Default bound on the text a stream holds back, in characters. */
    public static final int DEFAULT_LOOK_BEHIND_CAP = 256;
    private static final int MIN_LOOK_BEHIND_CAP = 64;

    /** Overlapping matches: the stronger action wins, then the longer match, then the earlier one. */
    private static final Comparator<Match> PRECEDENCE = Comparator.comparing(Match::action).reversed()
            .thenComparing(Comparator.comparingInt(Match::length).reversed())
            .thenComparingInt(Match::start);

    /** Phone last: it skips text the other PII detectors claimed, which is where libphonenumber is slowest. */
    private static final List<PiiCategory> DETECTION_ORDER =
            List.of(PiiCategory.EMAIL, PiiCategory.CARD, PiiCategory.IBAN, PiiCategory.IP, PiiCategory.PHONE);

    private final FilterPolicy policy;
    private final List<Detector> detectors;
    private final int lookBehind;
    private final int lookBehindCap;

    private TextFilter(FilterPolicy policy, List<Detector> detectors, int lookBehindCap) {
        this.policy = policy;
        this.detectors = List.copyOf(detectors);
        this.lookBehindCap = lookBehindCap;
        this.lookBehind = Math.min(lookBehindCap, detectors.stream().mapToInt(Detector::window).max().orElse(0));
    }

    public static TextFilter compile(FilterPolicy policy) {
        return compile(policy, DEFAULT_LOOK_BEHIND_CAP);
    }

    /** @param lookBehindCap the most text a stream may hold back; patterns longer than this are not caught across deltas */
    public static TextFilter compile(FilterPolicy policy, int lookBehindCap) {
        if (lookBehindCap < MIN_LOOK_BEHIND_CAP) {
            throw new IllegalArgumentException("look_behind_cap must be at least " + MIN_LOOK_BEHIND_CAP + ", got " + lookBehindCap);
        }
        List<Detector> detectors = new ArrayList<>();
        if (!policy.blockedTerms().isEmpty()) {
            detectors.add(RegexDetector.terms(policy.blockedTerms(), Action.BLOCK));
        }
        for (String regex : policy.blockedRegexes()) {
            detectors.add(new RegexDetector(Pattern.compile(regex), FilterPolicy.BLOCKED_PATTERN, Action.BLOCK, lookBehindCap));
        }
        for (PiiCategory category : DETECTION_ORDER) {
            Action action = policy.pii().get(category);
            if (action != null) {
                detectors.add(detector(category, action, policy.phoneRegion()));
            }
        }
        for (CustomPattern custom : policy.custom()) {
            detectors.add(new RegexDetector(custom.pattern(), custom.name(), custom.action(), lookBehindCap));
        }
        return new TextFilter(policy, detectors, lookBehindCap);
    }

    private static Detector detector(PiiCategory category, Action action, String region) {
        return switch (category) {
            case EMAIL -> new EmailDetector(action);
            case PHONE -> new PhoneDetector(region, action);
            case CARD -> new CardDetector(action);
            case IBAN -> new IbanDetector(action);
            case IP -> new IpDetector(action);
        };
    }

    public FilterPolicy policy() {
        return policy;
    }

    @Override
    public String name() {
        return policy.name();
    }

    /** Characters a stream holds back: the longest match any detector can report, at most the cap. */
    public int lookBehind() {
        return lookBehind;
    }

    int lookBehindCap() {
        return lookBehindCap;
    }

    /** What a stream with this unreleased text must hold back now: at most {@link #lookBehind()}. */
    int hold(CharSequence pending) {
        int hold = 0;
        for (Detector detector : detectors) {
            hold = Math.max(hold, detector.hold(pending));
        }
        return Math.min(lookBehind, hold);
    }

    /** Filters a whole text. */
    @Override
    public FilterResult apply(String text) {
        List<Match> matches = find(text);
        List<Match> blocks = matches.stream().filter(m -> m.action() == Action.BLOCK)
                .sorted(Comparator.comparingInt(Match::start)).toList();
        if (!blocks.isEmpty()) {
            return new FilterResult("", findings(blocks), Optional.of(block(blocks.get(0))));
        }
        List<Match> kept = resolve(matches);
        StringBuilder out = new StringBuilder(text.length());
        redact(text, kept, 0, text.length(), out);
        return new FilterResult(out.toString(), findings(kept), Optional.empty());
    }

    /** A filter for one stream of text deltas. */
    @Override
    public StreamingFilter stream() {
        return new StreamingFilter(this);
    }

    List<Match> find(String text) {
        return find(text, null);
    }

    /** {@link #find(String)} for one of a stream's scans ({@code scan} null: a whole text). */
    List<Match> find(String text, StreamScan scan) {
        List<Match> matches = new ArrayList<>();
        for (Detector detector : detectors) {
            detector.find(text, matches, scan);
        }
        return matches;
    }

    Block block(Match match) {
        return new Block(policy.name(), match.category());
    }

    /** Non-overlapping matches by {@link #PRECEDENCE}, in text order. Block matches are left out. */
    static List<Match> resolve(List<Match> candidates) {
        List<Match> ordered = candidates.stream().filter(m -> m.action() != Action.BLOCK).sorted(PRECEDENCE).toList();
        List<Match> kept = new ArrayList<>();
        for (Match candidate : ordered) {
            if (kept.stream().noneMatch(k -> k.start() < candidate.end() && candidate.start() < k.end())) {
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparingInt(Match::start));
        return kept;
    }

    /** Appends {@code text[from, to)} to {@code out} with every REDACT match in that range replaced by its placeholder. */
    static void redact(String text, List<Match> kept, int from, int to, StringBuilder out) {
        int at = from;
        for (Match match : kept) {
            if (match.action() == Action.REDACT && match.start() >= at && match.end() <= to) {
                out.append(text, at, match.start()).append('[').append(match.category()).append(']');
                at = match.end();
            }
        }
        out.append(text, at, to);
    }

    static List<Finding> findings(List<Match> matches) {
        return matches.stream().map(m -> new Finding(m.category(), m.action())).toList();
    }
}
