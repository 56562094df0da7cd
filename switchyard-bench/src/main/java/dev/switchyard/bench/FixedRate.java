package dev.switchyard.bench;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Open-loop pacing, as wrk2 does it: slot i is due at start + i * period whatever happened to earlier
 * requests, and the task gets the slot's due time, so that a latency measured from it includes any
 * lag of the generator or of the server (no coordinated omission). It parks, never spins: the load
 * generator shares two cores with the servers it measures.
 */
final class FixedRate {
    private FixedRate() {}

    /** Runs {@code count} slots at {@code perSecond}, on the calling thread; returns the seconds it took. */
    static double run(double perSecond, int count, LongConsumer task) {
        long period = Math.round(1e9 / perSecond);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            task.accept(due);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static int slots(double perSecond, double seconds) {
        return (int) Math.round(perSecond * seconds);
    }
}
