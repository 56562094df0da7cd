package dev.switchyard.translation;

import java.util.List;

/**
 * How the translation service is run. {@code defaultModel}: the model of a {@code /v1/translate} request
 * that names none (null: the request must name one). {@code maxTexts}: how many texts one request may
 * carry; {@code maxChars}: the longest text, and the most characters of all texts together.
 * {@code detectLanguages}: the ISO 639-1 codes the source-language detector chooses among.
 */
public record TranslationSettings(String defaultModel, int maxTexts, int maxChars, List<String> detectLanguages) {
    public static final List<String> DEFAULT_LANGUAGES =
            List.of("en", "fr", "de", "es", "it", "pt", "nl", "ja", "zh", "ko", "ru", "ar");

    public TranslationSettings {
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
                        + "' is not an ISO 639-1 code");
            }
        }
    }

    /** No default model, 50 texts, 20,000 characters, the default languages. */
    public static TranslationSettings defaults() {
        return new TranslationSettings(null, 50, 20_000, DEFAULT_LANGUAGES);
    }
}
