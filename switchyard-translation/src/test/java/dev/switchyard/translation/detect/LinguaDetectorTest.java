package dev.switchyard.translation.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.translation.TranslationSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinguaDetectorTest {
    private final LinguaDetector detector = new LinguaDetector(TranslationSettings.defaults());

    @Test
    void detect_sentencesOfTheDefaultLanguages_answerTheirCodes() {
        assertThat(detector.detect("The weather is lovely today and we are going to the beach.")).isEqualTo("en");
        assertThat(detector.detect("Le temps est magnifique aujourd'hui et nous allons à la plage.")).isEqualTo("fr");
        assertThat(detector.detect("Das Wetter ist heute herrlich und wir gehen an den Strand.")).isEqualTo("de");
        assertThat(detector.detect("Hace un tiempo precioso hoy y vamos a la playa.")).isEqualTo("es");
        assertThat(detector.detect("今日はとても良い天気なので、海に行きます。")).isEqualTo("ja");
        assertThat(detector.detect("Сегодня прекрасная погода, и мы идём на пляж.")).isEqualTo("ru");
    }

    @Test
    void detect_blankOrDigits_isUnknown() {
        assertThat(detector.detect("   ")).isNull();
        assertThat(detector.detect("12345 678")).isNull();
    }

    @Test
    void construct_badLanguagesOrDistance_failNamingTheKey() {
        // "kl" (Greenlandic) is ISO 639-1 but not among Lingua's languages
        assertThatThrownBy(() -> new LinguaDetector(settings(List.of("en", "kl"), 0.1)))
                .hasMessageContaining("translation.detect_languages").hasMessageContaining("kl");
        assertThatThrownBy(() -> new LinguaDetector(settings(List.of("en"), 0.1)))
                .hasMessageContaining("at least two");
        assertThatThrownBy(() -> settings(List.of("en", "fr"), 1.5))
                .hasMessageContaining("translation.min_relative_distance");
        assertThatThrownBy(() -> settings(List.of("en", "xx"), 0.1))
                .hasMessageContaining("translation.detect_languages").hasMessageContaining("xx");
    }

    private static TranslationSettings settings(List<String> languages, double distance) {
        return new TranslationSettings(null, 10, 100, languages, true, distance);
    }
}
