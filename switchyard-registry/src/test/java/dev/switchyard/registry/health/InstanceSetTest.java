package dev.switchyard.registry.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.registry.Instance;
import dev.switchyard.registry.health.ScriptedProbe.Answer;
import dev.switchyard.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The health state machine, panic mode, passive ejection and recovery, on a fake clock and a scripted probe. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class InstanceSetTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Instant REGISTERED = Instant.parse("2025-12-31T23:00:00Z");

    private final MutableClock clock = new MutableClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScriptedProbe probe = new ScriptedProbe();
    private final List<HealthTransition> transitions = new ArrayList<>();
    private final CountingRecovery recovery = new CountingRecovery();
    private FixedRegistry registry;
    private InstanceSet set;

    @AfterEach
    void close() {
        if (set != null) {
            set.close();
        }
    }

    @Test
    void checks_threeConsecutiveFailures_instanceBecomesUnhealthyOnTheThird() {
        start(instance("a"));
        scheduler.runDue();
        assertThat(state("a")).isEqualTo(HealthState.HEALTHY);

        probe.set("a", Answer.FAILING);
        nextCheck();
        nextCheck();
        assertThat(state("a")).isEqualTo(HealthState.HEALTHY);
        assertThat(view("a").consecutiveFailures()).isEqualTo(2);
        nextCheck();

        assertThat(state("a")).isEqualTo(HealthState.UNHEALTHY);
        assertThat(transitions).extracting(HealthTransition::to)
                .containsExactly(HealthState.HEALTHY, HealthState.UNHEALTHY);
        assertThat(view("a").lastCheck().detail()).isEqualTo("status 503");
    }

    @Test
    void checks_twoSuccessesAfterUnhealthy_instanceHealthyAgainNotAfterOne() {
        start(instance("a"));
        probe.set("a", Answer.FAILING);
        scheduler.runDue();
        nextCheck();
        nextCheck();
        assertThat(state("a")).isEqualTo(HealthState.UNHEALTHY);

        probe.set("a", Answer.HEALTHY);
        nextCheck();
        assertThat(state("a")).isEqualTo(HealthState.UNHEALTHY);
        nextCheck();

        assertThat(state("a")).isEqualTo(HealthState.HEALTHY);
        assertThat(view("a").consecutiveFailures()).isZero();
    }

    @Test
    void checks_noAnswerWithinTimeout_countsAsFailureAndNextCheckFollows() {
        start(instance("a"));
        probe.set("a", Answer.HANGING);
        scheduler.runDue();
        scheduler.advance(TIMEOUT.minusMillis(1));
        assertThat(view("a").lastCheck()).isNull();

        scheduler.advance(Duration.ofMillis(1));

        assertThat(view("a").lastCheck().detail()).isEqualTo("timeout");
        assertThat(view("a").consecutiveFailures()).isEqualTo(1);
        scheduler.advance(INTERVAL.plus(TIMEOUT));
        scheduler.advance(INTERVAL.plus(TIMEOUT));
        assertThat(state("a")).isEqualTo(HealthState.UNHEALTHY);
        assertThat(meters.counter(RegistryMetrics.HEALTH_CHECKS, RegistryMetrics.TAG_ROLE, "claude",
                RegistryMetrics.TAG_OUTCOME, RegistryMetrics.OUTCOME_TIMEOUT).count()).isEqualTo(3);
    }

    @Test
    void checks_hangingCheck_noSecondCheckOpensMeanwhile() {
        start(instance("a"));
        probe.set("a", Answer.HANGING);
        scheduler.runDue();
        scheduler.advance(TIMEOUT.minusMillis(1));

        assertThat(probe.checks()).isEqualTo(1);
    }

    @Test
    void rotation_oneInstanceUnhealthy_onlyTheOthersInRotation() {
        start(instance("a"), instance("b"));
        probe.set("a", Answer.FAILING);
        scheduler.runDue();
        nextCheck();
        nextCheck();

        assertThat(set.inRotation()).extracting(Instance::id).containsExactly("b");
        assertThat(set.panic()).isFalse();
        assertThat(view("a").inRotation()).isFalse();
    }

    @Test
    void rotation_allInstancesUnhealthy_panicModeKeepsAllInRotation() {
        start(instance("a"), instance("b"));
        probe.set("a", Answer.FAILING);
        probe.set("b", Answer.FAILING);
        scheduler.runDue();
        nextCheck();
        nextCheck();

        assertThat(set.panic()).isTrue();
        assertThat(set.inRotation()).extracting(Instance::id).containsExactly("a", "b");
        assertThat(set.views()).allMatch(InstanceView::inRotation);
    }

    @Test
    void passive_fiveFailedCalls_ejectBeforeAnyCheckFails() {
        start(instance("a"), instance("b"));
        scheduler.runDue();
        for (int i = 0; i < 4; i++) {
            set.reportOutcome("a", false);
        }
        assertThat(state("a")).isEqualTo(HealthState.HEALTHY);

        set.reportOutcome("a", false);

        assertThat(state("a")).isEqualTo(HealthState.EJECTED);
        assertThat(set.inRotation()).extracting(Instance::id).containsExactly("b");
    }

    @Test
    void passive_successfulCallBetweenFailures_resetsTheCount() {
        start(instance("a"));
        scheduler.runDue();
        for (int i = 0; i < 4; i++) {
            set.reportOutcome("a", false);
        }
        set.reportOutcome("a", true);
        set.reportOutcome("a", false);

        assertThat(state("a")).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void passive_ejectedInstance_returnsAfterTwoPassingChecks() {
        start(instance("a"));
        scheduler.runDue();
        for (int i = 0; i < 5; i++) {
            set.reportOutcome("a", false);
        }
        nextCheck();
        assertThat(state("a")).isEqualTo(HealthState.EJECTED);
        nextCheck();

        assertThat(state("a")).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void inFlight_callsStartedAndFinished_countedInTheView() {
        start(instance("a"));
        set.callStarted("a");
        set.callStarted("a");
        set.callFinished("a", true);

        InstanceView view = view("a");
        assertThat(view.inFlight()).isEqualTo(1);
        assertThat(view.registeredSince()).isEqualTo(REGISTERED);
        assertThat(view.role()).isEqualTo("claude");
        assertThat(view.address()).isEqualTo(URI.create("http://10.0.0.1:7001"));
        assertThat(view.version()).isEqualTo("1.2.3");
        assertThat(view.health()).isEqualTo(HealthState.UNKNOWN);
    }

    @Test
    void registry_instanceLeaves_itsChecksStop() {
        start(instance("a"), instance("b"));
        scheduler.runDue();
        int before = probe.checks();

        registry.set(List.of(instance("b")));
        scheduler.advance(INTERVAL);

        assertThat(probe.checks()).isEqualTo(before + 1);
        assertThat(set.views()).extracting(InstanceView::id).containsExactly("b");
    }

    @Test
    void registry_sameInstanceNewDetails_healthAndInFlightCarryOver() {
        start(instance("a"));
        probe.set("a", Answer.FAILING);
        scheduler.runDue();
        set.callStarted("a");
        Instance relabelled = new Instance("claude", "a", instance("a").address(), "1.2.4", "", 1, null, REGISTERED);

        registry.set(List.of(relabelled));

        assertThat(view("a").version()).isEqualTo("1.2.4");
        assertThat(view("a").consecutiveFailures()).isEqualTo(1);
        assertThat(view("a").inFlight()).isEqualTo(1);
    }

    @Test
    void registry_sameIdNewAddress_startsOverUnchecked() {
        start(instance("a"));
        probe.set("a", Answer.FAILING);
        scheduler.runDue();

        registry.set(List.of(new Instance("claude", "a", URI.create("http://10.0.0.9:7001"), "1.2.3", "", 1, null,
                REGISTERED)));

        assertThat(view("a").health()).isEqualTo(HealthState.UNKNOWN);
        assertThat(view("a").consecutiveFailures()).isZero();
        assertThat(view("a").lastCheck()).isNull();
    }

    @Test
    void listener_throws_otherListenersStillToldAndChecksGoOn() {
        registry = new FixedRegistry(List.of(instance("a")));
        set = newSet(recovery, new RecoveryBackoff(Duration.ofMinutes(5), Duration.ofHours(1), clock));
        set.addListener(t -> {
            throw new IllegalStateException("observer bug");
        });
        set.addListener(transitions::add);
        set.start();

        scheduler.runDue();

        assertThat(transitions).hasSize(1);
        assertThat(scheduler.pending()).isEqualTo(1);
    }

    @Test
    void recovery_roleDownForManyChecks_firesOncePerBackoffWindow() {
        start(instance("a"), instance("b"));
        probe.set("a", Answer.FAILING);
        probe.set("b", Answer.FAILING);
        scheduler.runDue();
        nextCheck();
        assertThat(recovery.calls).isEmpty();
        nextCheck();
        assertThat(recovery.calls).hasSize(1);
        assertThat(recovery.calls.get(0)).containsExactly("a", "b");

        for (int i = 0; i < 9; i++) { // 4.5 min: inside the first 5 min window
            nextCheck();
        }
        assertThat(recovery.calls).hasSize(1);
        nextCheck(); // 5 min after the first
        assertThat(recovery.calls).hasSize(2);
        for (int i = 0; i < 19; i++) { // the second window is twice as long
            nextCheck();
        }
        assertThat(recovery.calls).hasSize(2);
        nextCheck();
        assertThat(recovery.calls).hasSize(3);
        assertThat(meters.counter(RegistryMetrics.RECOVERIES, RegistryMetrics.TAG_ROLE, "claude",
                RegistryMetrics.TAG_ACTION, "counting", RegistryMetrics.TAG_OUTCOME, RegistryMetrics.OUTCOME_SUCCEEDED)
                .count()).isEqualTo(3);
        assertThat(meters.counter(RegistryMetrics.RECOVERIES_SUPPRESSED, RegistryMetrics.TAG_ROLE, "claude").count())
                .isGreaterThan(0);
    }

    @Test
    void recovery_oneInstanceStillHealthy_neverFires() {
        start(instance("a"), instance("b"));
        probe.set("a", Answer.FAILING);
        scheduler.runDue();
        for (int i = 0; i < 10; i++) {
            nextCheck();
        }

        assertThat(recovery.calls).isEmpty();
    }

    @Test
    void recovery_stillRunning_noSecondOneStarts() {
        recovery.hold = true;
        start(instance("a"));
        probe.set("a", Answer.FAILING);
        scheduler.runDue();
        for (int i = 0; i < 40; i++) { // 20 min: past several windows, but the first never ended
            nextCheck();
        }

        assertThat(recovery.calls).hasSize(1);
    }

    @Test
    void recovery_roleHealthyAgain_nextTroubleStartsFromTheInitialBackoff() {
        start(instance("a"));
        probe.set("a", Answer.FAILING);
        scheduler.runDue();
        nextCheck();
        nextCheck();
        assertThat(recovery.calls).hasSize(1);
        probe.set("a", Answer.HEALTHY);
        nextCheck();
        nextCheck();
        probe.set("a", Answer.FAILING);
        nextCheck();
        nextCheck();
        nextCheck();

        assertThat(recovery.calls).hasSize(1); // still inside the 5 min window of the first
        for (int i = 0; i < 5; i++) {
            nextCheck();
        }
        assertThat(recovery.calls).hasSize(2); // 5 min, not the 10 min a second attempt would wait
    }

    @Test
    void recovery_actionFails_countedAsFailed() {
        recovery.fail = true;
        start(instance("a"));
        probe.set("a", Answer.FAILING);
        scheduler.runDue();
        nextCheck();
        nextCheck();

        assertThat(meters.counter(RegistryMetrics.RECOVERIES, RegistryMetrics.TAG_ROLE, "claude",
                RegistryMetrics.TAG_ACTION, "counting", RegistryMetrics.TAG_OUTCOME, RegistryMetrics.OUTCOME_FAILED)
                .count()).isEqualTo(1);
    }

    @Test
    void transitions_unhealthyToEjected_notInTheTable() {
        assertThat(HealthTransitions.allowed(HealthState.UNHEALTHY, HealthState.EJECTED)).isFalse();
        assertThat(HealthTransitions.from(HealthState.UNHEALTHY)).containsExactly(HealthState.HEALTHY);
        assertThat(HealthTransitions.allowed(HealthState.HEALTHY, HealthState.UNKNOWN)).isFalse();
    }

    @Test
    void settings_badValue_errorNamesKeyAndValue() {
        HealthSettings d = HealthSettings.defaults();
        assertThatThrownBy(() -> d.withJitter(0.7)).hasMessageContaining("health.jitter").hasMessageContaining("0.7");
        assertThatThrownBy(() -> d.withInterval(Duration.ZERO)).hasMessageContaining("health.interval")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new HealthSettings(INTERVAL, TIMEOUT, 0, 2, 0.1, "/health", 5, 3))
                .hasMessageContaining("health.unhealthy_threshold").hasMessageContaining("0");
    }

    @Test
    void settings_defaults_areTheDesigns() {
        HealthSettings d = HealthSettings.defaults();
        assertThat(d.interval()).isEqualTo(INTERVAL);
        assertThat(d.timeout()).isEqualTo(TIMEOUT);
        assertThat(d.unhealthyThreshold()).isEqualTo(3);
        assertThat(d.healthyThreshold()).isEqualTo(2);
        assertThat(d.jitter()).isEqualTo(0.1);
        assertThat(d.recoveryAfterChecks()).isEqualTo(3);
    }

    private void start(Instance... instances) {
        registry = new FixedRegistry(List.of(instances));
        set = newSet(recovery, new RecoveryBackoff(Duration.ofMinutes(5), Duration.ofHours(1), clock));
        set.addListener(transitions::add);
        set.start();
    }

    private InstanceSet newSet(RecoveryAction action, RecoveryBackoff backoff) {
        // No jitter here, so "next check" is exactly one interval; JitterTest covers the spread.
        HealthSettings settings = HealthSettings.defaults().withJitter(0);
        return new InstanceSet("claude", registry, probe, settings,
                new HealthRuntime(clock, scheduler, new Random(1), meters), action, backoff);
    }

    private void nextCheck() {
        scheduler.advance(INTERVAL);
    }

    private HealthState state(String id) {
        return view(id).health();
    }

    private InstanceView view(String id) {
        return set.views().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    private static Instance instance(String id) {
        return new Instance("claude", id, URI.create("http://10.0.0." + (id.charAt(0) - 'a' + 1) + ":7001"), "1.2.3",
                "", 1, null, REGISTERED);
    }

    /** Records each recovery's instance ids; can fail, or hold its future open to model a long restart. */
    private static final class CountingRecovery implements RecoveryAction {
        final List<List<String>> calls = new ArrayList<>();
        boolean fail;
        boolean hold;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Future<Void> recover(String role, List<Instance> failing) {
            calls.add(failing.stream().map(Instance::id).toList());
            if (hold) {
                return io.vertx.core.Promise.<Void>promise().future();
            }
            return fail ? Future.failedFuture("restart refused") : Future.succeededFuture();
        }
    }
}
