package dev.switchyard.supervisor;

import dev.switchyard.supervisor.ChildStatus.Health;
import dev.switchyard.supervisor.SupervisorEvent.Kind;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs a {@link Topology} on this machine: starts every child, checks its health, restarts one that exits or
 * fails its checks (backed off per child), and stops them all on {@link #stop()}.
 *
 * <p>Concurrency: every child's state is touched only on {@code loop}, one thread. Process exits and check
 * answers arrive on other threads and are handed to the loop; {@link #status()} asks the loop for a copy.
 * {@link #stop()} may run on any thread (a shutdown hook): it raises {@code stopping} first, so nothing the
 * loop does afterwards starts a process, then collects the live processes on the loop and ends them itself.
 */
public final class Supervisor {
    public static final String SECRET_ENV = "SWITCHYARD_CLUSTER_SECRET";
    /** Where a child finds this supervisor's control endpoint (see {@link ProcessRecovery#fromEnvironment}). */
    public static final String SUPERVISOR_URL_ENV = "SWITCHYARD_SUPERVISOR_URL";

    private final Topology topology;
    private final ChildCommand command;
    private final HealthCheck health;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final Consumer<SupervisorEvent> events;
    private final Map<String, String> childEnv;
    private final Optional<String> controlSecret;
    private volatile ControlServer control;
    private final List<Child> children = new ArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean stopping;
    private ScheduledFuture<?> ticks;

    Supervisor(Topology topology, ChildCommand command, HealthCheck health, Clock clock,
            ScheduledExecutorService loop, Map<String, String> childEnv, Optional<String> controlSecret,
            Consumer<SupervisorEvent> events) {
        this.topology = topology;
        this.command = command;
        this.health = health;
        this.clock = clock;
        this.loop = loop;
        this.childEnv = Map.copyOf(childEnv);
        this.controlSecret = controlSecret;
        this.events = events;
        for (ChildSpec spec : topology.children()) {
            children.add(new Child(spec, new RestartBackoff(topology.supervision().backoffMin(),
                    topology.supervision().backoffMax())));
        }
    }

    /**
     * A supervisor on the system clock and its own loop thread, checking children over HTTP on loopback.
     *
     * @param childEnv variables set for every child on top of this process's environment (the cluster secret);
     *     when children get a cluster secret, from here or inherited, the control endpoint is started with it
     * @param events every start, exit, failed check and restart; called on the loop thread, must not block long
     */
    public static Supervisor create(Topology topology, ChildCommand command, Map<String, String> childEnv,
            Consumer<SupervisorEvent> events) {
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchyard-supervisor");
            t.setDaemon(true);
            return t;
        });
        Optional<String> secret = Optional.ofNullable(childEnv.getOrDefault(SECRET_ENV, System.getenv(SECRET_ENV)))
                .filter(s -> !s.isBlank());
        return new Supervisor(topology, command, HttpHealthCheck.create(), Clock.systemUTC(), loop, childEnv, secret,
                events);
    }

    public Topology topology() {
        return topology;
    }

    /** The control endpoint children reach for the {@code process} recovery strategy, once started with a secret. */
    public Optional<URI> controlUrl() {
        ControlServer c = control;
        return c == null ? Optional.empty() : Optional.of(c.url());
    }

    /**
     * Creates the run directory, starts the control endpoint (when there is a cluster secret) and every child;
     * checks begin one interval later.
     */
    public void start() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        Files.createDirectories(topology.runDir());
        if (controlSecret.isPresent()) {
            Set<String> roles = new HashSet<>();
            topology.services().forEach(s -> roles.addAll(s.roles()));
            control = ControlServer.start(controlSecret.get(), roles, this::restartRole);
        }
        Duration interval = topology.supervision().checkInterval();
        await(submit(() -> {
            children.forEach(this::launch);
            ticks = loop.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }));
    }

    /** Every child as last seen, in topology order; empty once stopped. */
    public List<ChildStatus> status() {
        CompletableFuture<List<ChildStatus>> answer = new CompletableFuture<>();
        try {
            loop.execute(() -> answer.complete(children.stream().map(Child::status).toList()));
        } catch (RejectedExecutionException e) {
            return List.of();
        }
        return answer.join();
    }

    /**
     * The {@code process} recovery strategy's entry: restarts every running child that serves {@code role}
     * (each through its own backoff). Completes once they are asked to stop; their new processes follow.
     */
    public CompletableFuture<Void> restartRole(String role) {
        return submit(() -> children.stream()
                .filter(c -> c.spec.roles().contains(role) && c.running())
                .forEach(c -> kill(c, "recovery of role " + role + " requested")));
    }

    /**
     * Restarts one child gracefully (SIGTERM: it deregisters, lets callers notice and drains; SIGKILL only
     * past the stop grace), its new process after its backoff: one step of a rolling restart. Completes
     * once it is asked to stop; false when no running child has that id.
     */
    public CompletableFuture<Boolean> restartChild(String childId) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        onLoop(() -> {
            Child child = children.stream().filter(c -> c.spec.id().equals(childId) && c.running()).findFirst()
                    .orElse(null);
            if (child != null) {
                kill(child, "restart requested");
            }
            answer.complete(child != null);
        });
        return answer;
    }

    /**
     * Stops every child: SIGTERM to each, up to the grace period for all of them to exit, then SIGKILL to
     * what is left (and its descendants). Blocks until they are gone; idempotent.
     */
    public void stop() {
        stopping = true;
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        List<Process> live = new ArrayList<>();
        try {
            await(submit(() -> {
                if (ticks != null) {
                    ticks.cancel(false);
                }
                for (Child c : children) {
                    if (c.pendingRestart != null) {
                        c.pendingRestart.cancel(false);
                    }
                    if (c.process != null && c.process.isAlive()) {
                        live.add(c.process);
                    }
                    c.health = Health.STOPPED;
                }
                emit("", Kind.STOPPING, "stopping " + live.size() + " process(es)", Duration.ZERO);
            }));
        } catch (RuntimeException e) {
            // the loop is gone already: nothing can be collected from it
        }
        if (control != null) {
            control.stop();
        }
        Processes.terminate(live, topology.supervision().stopGrace());
        emit("", Kind.STOPPED, "stopped", Duration.ZERO);
        loop.shutdownNow();
    }

    private void launch(Child c) {
        if (stopping) {
            return;
        }
        c.pendingRestart = null;
        Path log = topology.runDir().resolve(c.spec.id() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command.argv(c.spec, topology.config()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        builder.environment().putAll(childEnv);
        if (control != null) {
            builder.environment().put(SUPERVISOR_URL_ENV, control.url().toString());
        }
        Process p;
        try {
            Files.writeString(log, "--- " + clock.instant() + " switchyard up starts " + c.spec.id() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            p = builder.start();
        } catch (IOException | RuntimeException e) {
            c.process = null;
            c.health = Health.RESTARTING;
            emit(c.spec.id(), Kind.START_FAILED, "could not start (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", Duration.ZERO);
            scheduleRestart(c);
            return;
        }
        c.launched(p, clock.instant());
        emit(c.spec.id(), Kind.STARTED, "started, pid " + p.pid() + ", port " + c.spec.healthPort()
                + ", log " + log, Duration.ZERO);
        p.onExit().thenRun(() -> onLoop(() -> exited(c, p)));
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private void exited(Child c, Process p) {
        if (c.process != p || stopping) {
            return;
        }
        String reason = c.killReason != null ? "stopped (" + c.killReason + ")" : "exited with code " + p.exitValue();
        c.health = Health.RESTARTING;
        emit(c.spec.id(), Kind.EXITED, "pid " + p.pid() + " " + reason, Duration.ZERO);
        scheduleRestart(c);
    }

    private void scheduleRestart(Child c) {
        if (stopping) {
            return;
        }
        Duration delay = c.backoff.next();
        emit(c.spec.id(), Kind.RESTART_SCHEDULED, "restart #" + (c.restarts + 1) + " in " + delay.toMillis() + "ms",
                delay);
        c.pendingRestart = loop.schedule(() -> {
            if (!stopping) {
                c.restarts++;
                launch(c);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            checkAll();
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: supervision must outlive any one bad check
            emit("", Kind.UNHEALTHY, "health checks failed to run (" + e.getClass().getSimpleName() + ")",
                    Duration.ZERO);
        }
    }

    private void checkAll() {
        Instant now = clock.instant();
        for (Child c : children) {
            if (!c.running() || c.checkInFlight) {
                continue;
            }
            if (c.health == Health.STARTING
                    && Duration.between(c.startedAt, now).compareTo(topology.supervision().startTimeout()) > 0) {
                kill(c, "not healthy within start_timeout " + topology.supervision().startTimeout().toMillis() + "ms");
                continue;
            }
            c.checkInFlight = true;
            Process p = c.process;
            health.check(c.spec, topology.supervision().checkTimeout())
                    .exceptionally(e -> CheckResult.FAILED)
                    .thenAccept(result -> onLoop(() -> checked(c, p, result)));
        }
    }

    private void checked(Child c, Process p, CheckResult result) {
        if (c.process != p) {
            return;
        }
        c.checkInFlight = false;
        if (!c.running()) {
            return;
        }
        Instant now = clock.instant();
        if (result.healthy()) {
            if (c.health != Health.HEALTHY) {
                emit(c.spec.id(), Kind.HEALTHY, "healthy, pid " + p.pid(), Duration.ZERO);
            }
            c.health = Health.HEALTHY;
            c.failedChecks = 0;
            c.healthySince = c.healthySince == null ? now : c.healthySince;
            c.backoff.healthyFor(Duration.between(c.healthySince, now));
            c.counted(result.requests(), now);
            return;
        }
        if (c.health == Health.STARTING) {
            return; // still starting: start_timeout decides
        }
        c.failedChecks++;
        c.health = Health.FAILING;
        c.healthySince = null;
        int limit = topology.supervision().unhealthyAfter();
        emit(c.spec.id(), Kind.UNHEALTHY, "health check failed (" + c.failedChecks + "/" + limit + ")", Duration.ZERO);
        if (c.failedChecks >= limit) {
            kill(c, limit + " consecutive failed health checks");
        }
    }

    /** SIGTERM now, SIGKILL after the grace period if it is still there; its exit then schedules the restart. */
    private void kill(Child c, String reason) {
        Process p = c.process;
        c.killReason = reason;
        c.health = Health.RESTARTING;
        emit(c.spec.id(), Kind.UNHEALTHY, "stopping pid " + p.pid() + " to restart it: " + reason, Duration.ZERO);
        p.destroy();
        loop.schedule(() -> {
            if (p.isAlive()) {
                Processes.kill(p);
            }
        }, topology.supervision().stopGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void emit(String childId, Kind kind, String message, Duration delay) {
        try {
            events.accept(new SupervisorEvent(clock.instant(), childId, kind, message, delay));
        } catch (RuntimeException e) {
            // an observer never stops supervision
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // stopped: nothing left to update
        }
    }

    private CompletableFuture<Void> submit(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    task.run();
                    done.complete(null);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private static void await(CompletableFuture<Void> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("supervisor loop did not answer", e);
        }
    }
}
