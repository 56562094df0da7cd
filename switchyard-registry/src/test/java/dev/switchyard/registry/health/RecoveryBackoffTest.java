package dev.switchyard.registry.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecoveryBackoffTest {
    private final MutableClock clock = new MutableClock();
    private final RecoveryBackoff backoff = new RecoveryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(5), clock);

    @Test
    void delays_doubleEachAttempt_cappedAtMax() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.delayAfter(1000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void tryStart_insideWindow_refusedAndAttemptsCounted() {
        assertThat(backoff.tryStart()).isTrue();
        backoff.finished();
        clock.advance(Duration.ofSeconds(59));
        assertThat(backoff.tryStart()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(backoff.tryStart()).isTrue();
        assertThat(backoff.attempts()).isEqualTo(2);
    }

    @Test
    void tryStart_previousStillRunning_refusedEvenAfterWindow() {
        assertThat(backoff.tryStart()).isTrue();
        clock.advance(Duration.ofHours(1));

        assertThat(backoff.tryStart()).isFalse();
    }

    @Test
    void settings_maxBelowInitial_errorNamesKey() {
        assertThatThrownBy(() -> new RecoveryBackoff(Duration.ofMinutes(2), Duration.ofMinutes(1), clock))
                .hasMessageContaining("recovery.max_backoff").hasMessageContaining("PT1M");
    }
}
