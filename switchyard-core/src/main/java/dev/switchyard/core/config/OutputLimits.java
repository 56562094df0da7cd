package dev.switchyard.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The most output tokens ({@code max_tokens}) a request may ask of each client-visible model: what the
 * config sets under {@code models.<id>.max_output_tokens}, else Anthropic's documented maximum for a
 * known model id (a dated id such as {@code claude-haiku-4-5-20251001} counts as its base id), else
 * {@code upstream.max_output_tokens}. A request above it is refused before anything is reserved for it,
 * since a budget reservation is the request's worst case: max_tokens of output.
 */
public final class OutputLimits {
    /** For models this table does not know: the largest output any current Claude model offers. */
    public static final long DEFAULT_MAX = 128_000;
    /** The highest value the config may set: far above any model, far below what could overflow a cost. */
    public static final long CEILING = 10_000_000;
    private static final Pattern DATED = Pattern.compile("-(\\d{8}|latest)$");
    private static final Map<String, Long> KNOWN = Map.ofEntries(
            Map.entry("claude-3-haiku", 4_096L),
            Map.entry("claude-3-opus", 4_096L),
            Map.entry("claude-3-5-haiku", 8_192L),
            Map.entry("claude-3-5-sonnet", 8_192L),
            // 64k, or 128k with the output-128k beta: the larger, so that the beta keeps working.
            Map.entry("claude-3-7-sonnet", 128_000L),
            Map.entry("claude-opus-4", 32_000L),
            Map.entry("claude-opus-4-0", 32_000L),
            Map.entry("claude-opus-4-1", 32_000L),
            Map.entry("claude-opus-4-5", 64_000L),
            Map.entry("claude-opus-4-6", 128_000L),
            Map.entry("claude-sonnet-4", 64_000L),
            Map.entry("claude-sonnet-4-0", 64_000L),
            Map.entry("claude-sonnet-4-5", 64_000L),
            Map.entry("claude-sonnet-4-6", 64_000L),
            Map.entry("claude-haiku-4-5", 64_000L));

    private final Map<String, Long> configured;
    private final long fallback;

    private OutputLimits(Map<String, Long> configured, long fallback) {
        this.configured = Map.copyOf(configured);
        this.fallback = fallback;
    }

    /** The built-in table with {@link #DEFAULT_MAX} for unknown models, nothing configured. */
    public static OutputLimits defaults() {
        return new OutputLimits(Map.of(), DEFAULT_MAX);
    }

    public static OutputLimits of(SwitchyardConfig config) {
        Map<String, Long> set = new HashMap<>();
        config.models().forEach((model, policy) -> {
            if (policy.maxOutputTokens() > 0) {
                set.put(model, policy.maxOutputTokens());
            }
        });
        return new OutputLimits(set, config.upstream().maxOutputTokens());
    }

    /** The largest max_tokens a request for {@code model} (as the client named it) may carry. */
    public long maxFor(String model) {
        if (model == null) {
            return fallback;
        }
        Long set = configured.get(model);
        if (set != null) {
            return set;
        }
        Long known = KNOWN.get(model);
        if (known == null) {
            known = KNOWN.get(DATED.matcher(model).replaceFirst(""));
        }
        return known != null ? known : fallback;
    }
}
