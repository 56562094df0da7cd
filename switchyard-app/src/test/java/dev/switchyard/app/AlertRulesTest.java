package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped alert rules through promtool (Debian's {@code prometheus} package): valid, and their unit tests pass. */
class AlertRulesTest {
    @TempDir
    Path dir;

    @Test
    void checkRules_shippedAlerts_areValid() throws Exception {
        Result r = promtool("check", "rules", ObservabilityFiles.ALERTS.toString());

        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("SUCCESS: 9 rules found");
    }

    @Test
    void testRules_shippedAlertTests_pass() throws Exception {
        Result r = promtool("test", "rules", ObservabilityFiles.ALERT_TESTS.toString());

        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("SUCCESS");
    }

    @Test
    void testRules_aRuleThatNeverFires_failsTheUnitTests() throws Exception {
        Path rules = dir.resolve("alerts.yml");
        Files.writeString(rules, ObservabilityFiles.read(ObservabilityFiles.ALERTS)
                .replace("expr: up{job=\"switchyard\"} == 0", "expr: up{job=\"switchyard\"} == 2"));
        Path tests = dir.resolve("alerts.test.yml");
        Files.copy(ObservabilityFiles.ALERT_TESTS, tests);

        Result r = promtool("test", "rules", tests.toString());

        assertThat(r.exit).as("promtool must catch an alert that no longer fires").isNotZero();
        assertThat(r.output).contains("SwitchyardInstanceDown");
    }

    private record Result(int exit, String output) {}

    private Result promtool(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(concat("promtool", args)).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("promtool did not finish in 60 s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.Arrays.stream(rest)).toList();
    }
}
