package dev.switchyard.registry.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.registry.Instance;
import dev.switchyard.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class JitterTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    @Test
    void apply_extremesOfTheRandomSource_tenPercentEitherSide() {
        assertThat(new Jitter(0.1, fixed(0.0)).apply(INTERVAL)).isEqualTo(Duration.ofSeconds(27));
        assertThat(new Jitter(0.1, fixed(0.5)).apply(INTERVAL)).isEqualTo(INTERVAL);
        assertThat(new Jitter(0.1, fixed(Math.nextDown(1.0))).apply(INTERVAL))
                .isLessThanOrEqualTo(Duration.ofSeconds(33)).isGreaterThan(Duration.ofMillis(32_999));
    }

    @Test
    void apply_manyDraws_allWithinBoundsAndSpread() {
        Jitter jitter = new Jitter(0.1, new Random(42));
        Duration min = INTERVAL;
        Duration max = INTERVAL;
        for (int i = 0; i < 10_000; i++) {
            Duration d = jitter.apply(INTERVAL);
            assertThat(d).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(33));
            min = d.compareTo(min) < 0 ? d : min;
            max = d.compareTo(max) > 0 ? d : max;
        }
        assertThat(min).isLessThan(Duration.ofMillis(27_100));
        assertThat(max).isGreaterThan(Duration.ofMillis(32_900));
    }

    @Test
    void checkLoop_defaultSettings_gapsBetweenChecksWithinTenPercentAndNotAllEqual() {
        MutableClock clock = new MutableClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        List<Instant> checkedAt = new ArrayList<>();
        HealthProbe probe = (instance, timeout) -> {
            checkedAt.add(clock.instant());
            return Future.succeededFuture();
        };
        FixedRegistry registry = new FixedRegistry(List.of(
                new Instance("claude", "a", URI.create("http://127.0.0.1:1"), "", "", 1, null, null)));
        InstanceSet set = new InstanceSet("claude", registry, probe, HealthSettings.defaults(),
                new HealthRuntime(clock, scheduler, new Random(7), new SimpleMeterRegistry()),
                RecoveryAction.NONE, new RecoveryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(1), clock));
        set.start();

        scheduler.advance(Duration.ofMinutes(30)); // the scheduler runs each check at its own due time
        set.close();

        assertThat(checkedAt).hasSizeGreaterThan(50);
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < checkedAt.size(); i++) {
            gaps.add(Duration.between(checkedAt.get(i - 1), checkedAt.get(i)));
        }
        assertThat(gaps).allSatisfy(gap -> assertThat(gap).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(33)));
        assertThat(gaps.stream().distinct().count()).isGreaterThan(10);
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
