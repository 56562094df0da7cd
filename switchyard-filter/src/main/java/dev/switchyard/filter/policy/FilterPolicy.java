package dev.switchyard.filter.policy;

import dev.switchyard.filter.Action;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One content filter policy, validated at construction: an error names the field and the bad value.
 *
 * @param name           reported in block decisions, never the matched text
 * @param blockedTerms   words or phrases that block the text; case-insensitive, whole words only
 * @param blockedRegexes regular expressions that block the text
 * @param pii            built-in PII categories to detect and what to do with each; absent ones are not detected
 * @param custom         the policy's own categories
 * @param phoneRegion    ISO 3166 region for numbers written without a country code, e.g. "US"
 */
public record FilterPolicy(
        String name,
        List<String> blockedTerms,
        List<String> blockedRegexes,
        Map<PiiCategory, Action> pii,
        List<CustomPattern> custom,
        String phoneRegion) {

    /** Category reported when a blocked term matches. */
    public static final String BLOCKED_TERM = "BLOCKED_TERM";
    /** Category reported when a blocked regular expression matches. */
    public static final String BLOCKED_PATTERN = "BLOCKED_PATTERN";

    public FilterPolicy {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("filter policy name must not be blank, got '" + name + "'");
        }
        blockedTerms = List.copyOf(blockedTerms == null ? List.of() : blockedTerms);
        blockedRegexes = List.copyOf(blockedRegexes == null ? List.of() : blockedRegexes);
        custom = List.copyOf(custom == null ? List.of() : custom);
        String where = "filters." + name + ".";
        if (pii != null) {
            pii.forEach((category, action) -> {
                if (category == null || action == null) {
                    throw new IllegalArgumentException(where + "pii needs a category and an action, got " + category + ": " + action);
                }
            });
        }
        pii = pii == null || pii.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(pii));
        for (String term : blockedTerms) {
            if (term.isBlank()) {
                throw new IllegalArgumentException(where + "blocked_terms must not contain a blank term, got '" + term + "'");
            }
        }
        for (String regex : blockedRegexes) {
            compile(where + "blocked_regexes", regex);
        }
        Set<String> names = new HashSet<>();
        for (CustomPattern pattern : custom) {
            if (!names.add(pattern.name())) {
                throw new IllegalArgumentException(where + "custom_patterns has '" + pattern.name() + "' twice");
            }
        }
        if (phoneRegion == null || !PhoneNumberUtil.getInstance().getSupportedRegions().contains(phoneRegion)) {
            throw new IllegalArgumentException(where + "phone_region must be a supported ISO 3166 region such as US, got '" + phoneRegion + "'");
        }
    }

    /** The default PII set (email, phone, card, IBAN, IP), every category redacted, numbers read as US. */
    public static FilterPolicy redactAllPii(String name) {
        Map<PiiCategory, Action> all = new EnumMap<>(PiiCategory.class);
        for (PiiCategory category : PiiCategory.values()) {
            all.put(category, Action.REDACT);
        }
        return new FilterPolicy(name, List.of(), List.of(), all, List.of(), "US");
    }

    static Pattern compile(String field, String regex) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty, got '" + regex + "'");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(field + " is not a valid regular expression: '" + regex + "' (" + e.getDescription() + ")", e);
        }
    }
}
