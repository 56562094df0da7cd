package dev.switchyard.registry.health;

import dev.switchyard.registry.Instance;
import io.vertx.core.Future;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Recovers a role by running a configured command. The command is an argv list started directly, never
 * through a shell, so nothing in it is interpreted; the role reaches it as the SWITCHYARD_ROLE environment
 * variable and in place of any argument that is exactly {@code {role}}. Its output is discarded (it could
 * hold anything); a non-zero exit or running past the timeout (the process is then killed) is a failure.
 */
public final class CommandRecovery implements RecoveryAction {
    private final List<String> argv;
    private final Duration timeout;
    private final Executor blocking;

    public CommandRecovery(List<String> argv, Duration timeout, Executor blocking) {
        if (argv == null || argv.isEmpty() || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("recovery.command must name a program, was " + argv);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("recovery.timeout must be a positive duration, was " + timeout);
        }
        this.argv = List.copyOf(argv);
        this.timeout = timeout;
        this.blocking = blocking;
    }

    @Override
    public String name() {
        return "command";
    }

    @Override
    public Future<Void> recover(String role, List<Instance> failing) {
        try {
            return Future.fromCompletionStage(CompletableFuture.runAsync(() -> run(role), blocking));
        } catch (RuntimeException rejected) {
            return Future.failedFuture(rejected);
        }
    }

    private void run(String role) {
        List<String> command = argv.stream().map(arg -> arg.equals("{role}") ? role : arg).toList();
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SWITCHYARD_ROLE", role);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new RecoveryFailure("recovery command " + argv.get(0) + " could not start");
        }
        awaitExit(process);
    }

    private void awaitExit(Process process) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new RecoveryFailure("recovery command " + argv.get(0) + " ran past " + timeout);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RecoveryFailure("recovery command " + argv.get(0) + " interrupted");
        }
        if (process.exitValue() != 0) {
            throw new RecoveryFailure("recovery command " + argv.get(0) + " exited with " + process.exitValue());
        }
    }

    /** A recovery that did not work; the message is ours (program name, exit code), never its output. */
    static final class RecoveryFailure extends RuntimeException {
        RecoveryFailure(String message) {
            super(message, null, false, false);
        }
    }
}
