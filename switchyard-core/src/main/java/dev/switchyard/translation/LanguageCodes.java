package dev.switchyard.translation;

import java.util.Locale;
import java.util.Set;

/** ISO 639-1 language codes, as the JDK knows them (two lower-case letters), and their English names. */
public final class LanguageCodes {
    private static final Set<String> CODES = Set.of(Locale.getISOLanguages());

    private LanguageCodes() {}

    /** True for a known two-letter code, lower case (what the API accepts and answers with). */
    public static boolean valid(String code) {
        return code != null && code.length() == 2 && CODES.contains(code);
    }

    /** The English name of a valid code ("fr" is French), for prompts. */
    public static String englishName(String code) {
        String name = Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH);
        return name.isEmpty() ? code : name;
    }
}
