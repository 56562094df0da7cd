package dev.switchyard.translation.detect;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import dev.switchyard.translation.LanguageDetector;
import dev.switchyard.translation.TranslationSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Source-language detection with Lingua, among a configured set of languages. The Lingua detector is
 * built on first use, not at start, and Lingua loads a language's n-gram models only when it first
 * needs them: a gateway that never translates pays nothing, and the quick start stays quick. The first
 * detection takes a while (models are read from the jar), so callers run it off the event loop.
 */
public final class LinguaDetector implements LanguageDetector {
    private final IsoCode639_1[] codes;
    private final double minimumRelativeDistance;
    private final boolean lowAccuracy;
    private volatile com.github.pemistahl.lingua.api.LanguageDetector detector;

    /** Among the settings' languages (each one Lingua knows; at least two), with its mode and distance. */
    public LinguaDetector(TranslationSettings settings) {
        this.codes = codes(settings.detectLanguages());
        this.minimumRelativeDistance = settings.minRelativeDistance();
        this.lowAccuracy = settings.lowAccuracy();
    }

    @Override
    public String detect(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Language language = detector().detectLanguageOf(text);
        return language == Language.UNKNOWN ? null : language.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
    }

    private com.github.pemistahl.lingua.api.LanguageDetector detector() {
        com.github.pemistahl.lingua.api.LanguageDetector d = detector;
        if (d == null) {
            synchronized (this) {
                d = detector;
                if (d == null) {
                    LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromIsoCodes639_1(codes)
                            .withMinimumRelativeDistance(minimumRelativeDistance);
                    detector = d = (lowAccuracy ? builder.withLowAccuracyMode() : builder).build();
                }
            }
        }
        return d;
    }

    private static IsoCode639_1[] codes(List<String> languages) {
        List<IsoCode639_1> out = new ArrayList<>();
        for (String code : languages) {
            try {
                out.add(IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("translation.detect_languages: Lingua does not know '" + code + "'");
            }
        }
        if (out.size() < 2) {
            throw new IllegalArgumentException("translation.detect_languages: expected at least two languages, got "
                    + out.size());
        }
        return out.toArray(IsoCode639_1[]::new);
    }
}
