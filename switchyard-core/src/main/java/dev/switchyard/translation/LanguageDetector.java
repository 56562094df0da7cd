package dev.switchyard.translation;

/**
 * The translation service's language detection: which language a text is written in, as an ISO 639-1
 * code, or null when the detector cannot tell with confidence (too short, mixed, or a language it was
 * not configured for). A null answer is never a failure: the caller asks Claude to detect instead.
 * Implementations are thread-safe; they may be slow on first use (building their models).
 */
public interface LanguageDetector {
    /** No detection: every text is of unknown language. */
    LanguageDetector NONE = text -> null;

    /** The language of {@code text} (a lower-case ISO 639-1 code), or null when unknown. */
    String detect(String text);
}
