package dev.switchyard.upstream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.balance.Strategy;
import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.DeploymentConfig;
import dev.switchyard.core.config.ServedModel;
import dev.switchyard.core.config.Timeouts;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelRouteTest {
    private static final long MS = 1_000_000;
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().await();
    }

    /** A monotonic clock that moves 1 us at every read: each look at a cool-down sees a later instant. */
    private static final class Ticking {
        final AtomicLong nanos = new AtomicLong(1_000 * MS);

        long read() {
            return nanos.addAndGet(1_000);
        }
    }

    private static ModelRoute route(Deployment... deployments) {
        List<Target> targets = Arrays.stream(deployments).map(d -> new Target(d, "claude-sonnet-4-6"))
                .toList();
        return new ModelRoute("claude-sonnet-4-6", "claude-sonnet-4-6", targets,
                Strategy.ROUND_ROBIN.create(new Random(1)), List.of());
    }

    private static Deployment deployment(String name, Ticking clock) {
        return new Deployment(vertx, new DeploymentConfig(name, "anthropic", "http://127.0.0.1:9", "sk-test",
                List.of(ServedModel.of("claude-sonnet-4-6")), 1, 100, Timeouts.defaults(), false),
                BreakerConfig.defaults(), Clock.systemUTC(), clock::read);
    }

    @Test
    void pick_coolDownEndingWhileLookedAt_isWaitedFor_notGivenUp() {
        Ticking clock = new Ticking();
        Deployment only = deployment("a", clock);
        only.lane(false).coolDown(1000);
        // the next read is 1 us before the cool-down ends, the one after it at its end
        clock.nanos.addAndGet(1000 * MS - 2_000);

        ModelRoute.Choice choice = route(only).pick(List.of(), false);

        assertThat(choice.target()).isNull();
        assertThat(choice.coolDownMillis()).as("a wait, not 'none cooling'").isEqualTo(1);
    }

    @Test
    void pick_cooledDownDeploymentAndAFreeOne_takesTheFreeOne() {
        Ticking clock = new Ticking();
        Deployment cooling = deployment("cooling", clock);
        Deployment free = deployment("free", clock);
        cooling.lane(false).coolDown(5_000);

        for (int i = 0; i < 4; i++) {
            assertThat(route(cooling, free).pick(List.of(), false).target().deployment()).isSameAs(free);
        }
    }

    @Test
    void pick_everyDeploymentCooling_waitsForTheFirstToBeFree() {
        Ticking clock = new Ticking();
        Deployment a = deployment("a", clock);
        Deployment b = deployment("b", clock);
        a.lane(false).coolDown(5_000);
        b.lane(false).coolDown(2_000);

        ModelRoute.Choice choice = route(a, b).pick(List.of(), false);

        assertThat(choice.target()).isNull();
        assertThat(choice.coolDownMillis()).isBetween(1_990L, 2_000L);
    }

    @Test
    void pick_nothingCooling_andNoTarget_saysNoneIsCooling() {
        Ticking clock = new Ticking();
        Deployment a = deployment("a", clock);

        ModelRoute.Choice choice = route(a).pick(List.of(a), false);

        assertThat(choice.target()).isNull();
        assertThat(choice.coolDownMillis()).isEqualTo(-1);
    }
}
