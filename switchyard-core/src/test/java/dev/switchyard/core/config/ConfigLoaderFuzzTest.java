package dev.switchyard.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The config loader on arbitrary text: it answers a valid config or a {@link ConfigException} listing
 * problems, never another exception, and never hangs (the timeout also bounds each input when fuzzing).
 * The text is the input bytes as UTF-8, so corpus files are plain YAML.
 */
class ConfigLoaderFuzzTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of("CLIENT_KEY", "sk-client-1", "EMPTY", "")::get);

    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void parse_arbitraryText_validConfigOrConfigException(byte[] yaml) {
        try {
            SwitchyardConfig config = loader.parse(new String(yaml, StandardCharsets.UTF_8));
            assertThat(config.server()).isNotNull();
            assertThat(config.deployments()).isNotNull();
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
