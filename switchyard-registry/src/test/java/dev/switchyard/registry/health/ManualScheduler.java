package dev.switchyard.registry.health;

import dev.switchyard.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** A {@link Scheduler} on a {@link MutableClock}: tasks run when a test moves time past them, on the test's thread. */
final class ManualScheduler implements Scheduler {
    private final MutableClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long sequence;

    ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Runnable schedule(Duration delay, Runnable task) {
        Task entry = new Task(clock.instant().plus(delay), sequence++, task);
        queue.add(entry);
        return () -> {
            synchronized (this) {
                queue.remove(entry);
            }
        };
    }

    /** Moves the clock by {@code by}, running every task that falls due on the way, at its due time. */
    void advance(Duration by) {
        Instant end = clock.instant().plus(by);
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due.isAfter(end)) {
                    break;
                }
                queue.poll();
            }
            if (next.due.isAfter(clock.instant())) {
                clock.set(next.due);
            }
            next.task.run();
        }
        clock.set(end);
    }

    /** Runs what is due now without moving time. */
    void runDue() {
        advance(Duration.ZERO);
    }

    synchronized int pending() {
        return queue.size();
    }

    private record Task(Instant due, long sequence, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byDue = due.compareTo(other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }
}
