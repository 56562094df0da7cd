package dev.switchyard.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Ending processes: SIGTERM, a grace period shared by all of them, then SIGKILL with descendants. */
final class Processes {
    private Processes() {}

    static void terminate(List<Process> processes, Duration grace) {
        processes.forEach(Process::destroy);
        CompletableFuture<?>[] exits = processes.stream().map(Process::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // past the grace period: whatever is left is killed below
        }
        processes.stream().filter(Process::isAlive).forEach(Processes::kill);
        try {
            CompletableFuture.allOf(exits).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // SIGKILL cannot be refused; a process still listed here is a zombie the OS will reap
        }
    }

    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
