package dev.switchyard.translation;

import java.util.List;

/**
 * How the translation service is run (the {@code translation:} section of the config).
 * {@code defaultModel}: the model of a {@code /v1/translate} request that names none (null: the request
 * must name one). {@code maxTexts}: how many texts one request may carry; {@code maxChars}: the longest
 * text, and the most characters of all texts together. {@code detectLanguages}: the ISO 639-1 codes the
 * source-language detector chooses among; {@code lowAccuracy}: the detector's smaller models (less memory,
 * quicker first use, weaker on short phrases); {@code minRelativeDistance}: how far ahead the best
 * language must be for an answer (0 to 0.99; higher says "unknown" more often, and Claude is asked).
 */
public record TranslationSettings(String defaultModel, int maxTexts, int maxChars, List<String> detectLanguages,
        boolean lowAccuracy, double minRelativeDistance) {
    public static final List<String> DEFAULT_LANGUAGES =
            List.of("en", "fr", "de", "es", "it", "pt", "nl", "ja", "zh", "ko", "ru", "ar");

    public TranslationSettings {
        if (defaultModel != null && (defaultModel.isBlank() || defaultModel.length() > 256)) {
            throw new IllegalArgumentException("translation.model: expected a model id, got '" + defaultModel + "'");
        }
        if (maxTexts < 1) {
            throw new IllegalArgumentException("translation.max_texts: expected at least 1, got " + maxTexts);
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException("translation.max_chars: expected at least 1, got " + maxChars);
        }
        detectLanguages = detectLanguages == null ? DEFAULT_LANGUAGES : List.copyOf(detectLanguages);
        for (String code : detectLanguages) {
            if (!LanguageCodes.valid(code)) {
                throw new IllegalArgumentException("translation.detect_languages: '" + code
                        + "' is not a lower-case ISO 639-1 code");
            }
        }
        if (!(minRelativeDistance >= 0 && minRelativeDistance <= 0.99)) {
            throw new IllegalArgumentException("translation.min_relative_distance: expected 0 to 0.99, got "
                    + minRelativeDistance);
        }
    }

    /** With the detector's defaults (low-accuracy mode, a relative distance of 0.1). */
    public TranslationSettings(String defaultModel, int maxTexts, int maxChars, List<String> detectLanguages) {
        this(defaultModel, maxTexts, maxChars, detectLanguages, true, 0.1);
    }

    /** No default model, 50 texts, 20,000 characters, the default languages and detector. */
    public static TranslationSettings defaults() {
        return new TranslationSettings(null, 50, 20_000, DEFAULT_LANGUAGES);
    }
}
