package dev.switchyard.translation;

import java.util.List;

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

    /**
     * The language of each text, in order (null where unknown). A detector in another process answers a
     * batch in one round trip instead of one per text; by default each text is detected on its own.
     */
    default List<String> detectAll(List<String> texts) {
        return texts.stream().map(this::detect).toList();
    }
}
