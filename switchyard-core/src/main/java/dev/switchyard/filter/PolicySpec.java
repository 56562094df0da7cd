package dev.switchyard.filter;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A content filter policy as written in the config file or sent to {@code /admin/filters}, checked by
 * {@link dev.switchyard.core.config.FilterPolicies#parse}: the filter service compiles it.
 *
 * @param name           the policy's name: reported in block errors and metric labels
 * @param blockedTerms   words or phrases that block the text (case-insensitive, whole words)
 * @param blockedRegexes regular expressions that block the text
 * @param pii            built-in PII category ({@code email}, {@code phone}, {@code card}, {@code iban},
 *                       {@code ip}) to its action ({@code allow}, {@code redact}, {@code block})
 * @param custom         the policy's own categories
 * @param phoneRegion    ISO 3166 region for phone numbers written without a country code
 */
public record PolicySpec(String name, List<String> blockedTerms, List<String> blockedRegexes,
        Map<String, String> pii, List<Custom> custom, String phoneRegion) {

    /** The built-in PII categories, as they are written in config. */
    public static final List<String> CATEGORIES = List.of("email", "phone", "card", "iban", "ip");
    /** The actions, as they are written in config. */
    public static final List<String> ACTIONS = List.of("allow", "redact", "block");

    public PolicySpec {
        blockedTerms = List.copyOf(blockedTerms);
        blockedRegexes = List.copyOf(blockedRegexes);
        pii = Map.copyOf(pii);
        custom = List.copyOf(custom);
    }

    /** The categories in a stable order (for listing and storing). */
    public Map<String, String> sortedPii() {
        return new TreeMap<>(pii);
    }

    /** A custom category: matches of {@code regex} are reported (and redacted) as {@code [name]}. */
    public record Custom(String name, String regex, String action) {}
}
