package dev.switchyard.registry.health;

import dev.switchyard.registry.Instance;
import dev.switchyard.registry.ServiceRegistry;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One role's instances as callers should see them: the registry's list (kept by its watch), each
 * instance actively checked, real-call failures able to eject one early, and the role recovered when
 * none of its instances has passed a check for {@code recoveryAfterChecks} checks in a row.
 *
 * <p>In rotation are the instances that are healthy or not yet checked. When none is, every instance is
 * (panic mode, as Envoy does): a role that fails its checks may still answer real calls, and sending them
 * somewhere beats failing every request here.
 */
public final class InstanceSet {
    private static final Logger log = LoggerFactory.getLogger(InstanceSet.class);

    private final String role;
    private final ServiceRegistry registry;
    private final HealthProbe probe;
    private final HealthSettings settings;
    private final HealthRuntime runtime;
    private final Jitter jitter;
    private final RecoveryAction recovery;
    private final RecoveryBackoff backoff;
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private Runnable stopWatch = () -> {};
    private boolean closed;

    public InstanceSet(String role, ServiceRegistry registry, HealthProbe probe, HealthSettings settings,
            HealthRuntime runtime, RecoveryAction recovery, RecoveryBackoff backoff) {
        this.role = role;
        this.registry = registry;
        this.probe = probe;
        this.settings = settings;
        this.runtime = runtime;
        this.jitter = new Jitter(settings.jitter(), runtime.random());
        this.recovery = recovery;
        this.backoff = backoff;
    }

    /** Starts following the registry: the current list at once, then every change. */
    public void start() {
        Runnable stop = registry.watch(role, this::update);
        synchronized (this) {
            stopWatch = stop;
        }
    }

    public synchronized void close() {
        closed = true;
        stopWatch.run();
        members.values().forEach(member -> member.loop.stop());
        members.clear();
    }

    public void addListener(HealthListener listener) {
        listeners.add(listener);
    }

    public String role() {
        return role;
    }

    /** The instances callers may choose now: the healthy and unchecked ones, or all of them in panic mode. */
    public synchronized List<Instance> inRotation() {
        List<Instance> healthy = members.values().stream()
                .filter(member -> member.health.state().inRotation())
                .map(member -> member.instance).toList();
        return healthy.isEmpty() ? members.values().stream().map(member -> member.instance).toList() : healthy;
    }

    /** Whether the role has instances but none in rotation, so all of them are used. */
    public synchronized boolean panic() {
        return !members.isEmpty() && members.values().stream().noneMatch(m -> m.health.state().inRotation());
    }

    public synchronized List<InstanceView> views() {
        boolean panic = panic();
        return members.values().stream().map(member -> view(member, panic)).toList();
    }

    /** A call to the instance starts (counts in flight). Unknown ids are ignored: the instance may have just left. */
    public void callStarted(String instanceId) {
        Member member = member(instanceId);
        if (member != null) {
            member.inFlight.incrementAndGet();
        }
    }

    /** A call started with {@link #callStarted} ended; its outcome counts as in {@link #reportOutcome}. */
    public void callFinished(String instanceId, boolean success) {
        Member member = member(instanceId);
        if (member != null) {
            member.inFlight.decrementAndGet();
        }
        reportOutcome(instanceId, success);
    }

    /**
     * Passive outlier detection: a real call's outcome (a remote client's breaker feeds these). Enough
     * failures in a row eject the instance before its next active check would notice.
     */
    public synchronized void reportOutcome(String instanceId, boolean success) {
        Member member = members.get(instanceId);
        if (member != null) {
            HealthState from = member.health.state();
            member.health.recordCall(success).ifPresent(to -> transitioned(member, from, to, "calls failed"));
        }
    }

    /**
     * The instance answered that it is leaving: callers stop choosing it now, whatever the registry still
     * lists (a static list or DNS records keep naming an instance that restarts).
     */
    public synchronized void reportLeaving(String instanceId) {
        Member member = members.get(instanceId);
        if (member != null) {
            HealthState from = member.health.state();
            member.health.leaving().ifPresent(to -> transitioned(member, from, to, "leaving"));
        }
    }

    void update(List<Instance> instances) {
        List<CheckLoop> started = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Map<String, Member> before = new HashMap<>(members);
            members.clear();
            for (Instance instance : instances) {
                Member old = before.remove(instance.id());
                if (old != null && old.instance.address().equals(instance.address())) {
                    // Same endpoint, new details (a pod moved between slices, a version label): its
                    // health and in-flight calls carry over.
                    old.instance = instance;
                    members.put(instance.id(), old);
                    continue;
                }
                if (old != null) {
                    old.loop.stop();
                }
                Member member = new Member(instance, settings, runtime.clock().instant());
                member.loop = new CheckLoop(member, this, probe, settings, runtime, jitter);
                members.put(instance.id(), member);
                started.add(member.loop);
            }
            before.values().forEach(gone -> gone.loop.stop());
        }
        // Outside the lock: a probe that answers at once reports back into this set.
        started.forEach(loop -> loop.start(Duration.ZERO));
    }

    synchronized void recordCheck(Member member, CheckResult result) {
        if (members.get(member.instance.id()) != member) {
            return; // it left, or was replaced, while the check was out
        }
        Counter.builder(RegistryMetrics.HEALTH_CHECKS)
                .tag(RegistryMetrics.TAG_ROLE, role)
                .tag(RegistryMetrics.TAG_OUTCOME, outcome(result))
                .register(runtime.meters()).increment();
        HealthState from = member.health.state();
        member.health.recordCheck(result).ifPresent(to -> transitioned(member, from, to, result.detail()));
        considerRecovery();
    }

    private static String outcome(CheckResult result) {
        if (result.healthy()) {
            return RegistryMetrics.OUTCOME_HEALTHY;
        }
        return RegistryMetrics.OUTCOME_TIMEOUT.equals(result.detail())
                ? RegistryMetrics.OUTCOME_TIMEOUT : RegistryMetrics.OUTCOME_UNHEALTHY;
    }

    private void transitioned(Member member, HealthState from, HealthState to, String reason) {
        HealthTransition transition = new HealthTransition(role, member.instance.id(), from, to, reason,
                runtime.clock().instant());
        log.info("instance {} of role {}: {} -> {} ({})", member.instance.id(), role, from, to, reason);
        Counter.builder(RegistryMetrics.HEALTH_TRANSITIONS)
                .tag(RegistryMetrics.TAG_ROLE, role)
                .tag(RegistryMetrics.TAG_FROM, from.name())
                .tag(RegistryMetrics.TAG_TO, to.name())
                .register(runtime.meters()).increment();
        for (HealthListener listener : listeners) {
            try {
                listener.onTransition(transition);
            } catch (RuntimeException e) {
                log.warn("health listener failed on {}", transition, e);
            }
        }
    }

    private void considerRecovery() {
        if (members.values().stream().anyMatch(m -> m.health.state() == HealthState.HEALTHY)) {
            backoff.reset();
            return;
        }
        boolean down = !members.isEmpty() && members.values().stream()
                .allMatch(m -> m.health.consecutiveFailures() >= settings.recoveryAfterChecks());
        if (!down) {
            return;
        }
        if (!backoff.tryStart()) {
            Counter.builder(RegistryMetrics.RECOVERIES_SUPPRESSED).tag(RegistryMetrics.TAG_ROLE, role)
                    .register(runtime.meters()).increment();
            return;
        }
        runRecovery();
    }

    private void runRecovery() {
        List<Instance> failing = members.values().stream().map(m -> m.instance).toList();
        int attempt = backoff.attempts();
        log.warn("role {} has had no healthy instance for {} checks: recovery {} (attempt {}) over {} instance(s)",
                role, settings.recoveryAfterChecks(), recovery.name(), attempt, failing.size());
        Future<Void> outcome;
        try {
            outcome = recovery.recover(role, failing);
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        outcome.onComplete(result -> recovered(attempt, result.succeeded(), result.cause()));
    }

    private void recovered(int attempt, boolean succeeded, Throwable cause) {
        synchronized (this) {
            backoff.finished();
        }
        Counter.builder(RegistryMetrics.RECOVERIES)
                .tag(RegistryMetrics.TAG_ROLE, role)
                .tag(RegistryMetrics.TAG_ACTION, recovery.name())
                .tag(RegistryMetrics.TAG_OUTCOME, succeeded ? RegistryMetrics.OUTCOME_SUCCEEDED : RegistryMetrics.OUTCOME_FAILED)
                .register(runtime.meters()).increment();
        if (succeeded) {
            log.warn("role {}: recovery {} attempt {} done", role, recovery.name(), attempt);
        } else {
            log.error("role {}: recovery {} attempt {} failed: {}", role, recovery.name(), attempt,
                    cause == null ? "" : cause.getMessage());
        }
    }

    private synchronized Member member(String instanceId) {
        return members.get(instanceId);
    }

    private InstanceView view(Member member, boolean panic) {
        Instance instance = member.instance;
        return new InstanceView(role, instance.id(), instance.address(), instance.version(), instance.zone(),
                member.health.state(), member.health.lastCheck(), member.health.consecutiveFailures(),
                member.inFlight.get(), member.since, panic || member.health.state().inRotation(), false);
    }
}
