package dev.switchyard.core.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regressions found by {@link ConfigLoaderFuzzTest}: a duration or size whose number is out of range
 * is a problem naming the key, not a NumberFormatException or ArithmeticException, nor a size that
 * silently wraps around.
 */
class ConfigRangesTest {
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    /** Found by fuzzing: "connect: 3333...5s" (71 digits) threw NumberFormatException out of the loader. */
    @ParameterizedTest
    @ValueSource(strings = {"33333333333333333333333333333333333333333333333333333333333333333333335s",
            "9223372036854775807h", "9223372036854775807m", "9223372036854775807s"})
    void parse_durationOutOfRange_isConfigExceptionNamingTheKey(String duration) {
        assertThatThrownBy(() -> loader.parse("server: { drain_timeout: " + duration + " }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.drain_timeout")
                .hasMessageContaining(duration);
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999999MB", "9007199254740992GB", "9223372036854775807KB"})
    void parse_sizeOutOfRange_isConfigExceptionNotAWrappedSize(String size) {
        assertThatThrownBy(() -> loader.parse("server: { max_body_size: " + size + " }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.max_body_size")
                .hasMessageContaining(size);
    }
}
