package dev.switchyard.translation.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.translation.TranslationSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinguaDetectorTest {
    private final LinguaDetector detector = new LinguaDetector(TranslationSettings.DEFAULT_LANGUAGES, 0.1, true);

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
    void construct_unknownOrTooFewLanguages_failNamingTheKey() {
        assertThatThrownBy(() -> new LinguaDetector(List.of("en", "xx"), 0.1, true))
                .hasMessageContaining("translation.detect_languages").hasMessageContaining("xx");
        assertThatThrownBy(() -> new LinguaDetector(List.of("en"), 0.1, true))
                .hasMessageContaining("at least two");
        assertThatThrownBy(() -> new LinguaDetector(List.of("en", "fr"), 1.5, true))
                .hasMessageContaining("translation.min_relative_distance");
    }
}
