package dev.switchyard.claude;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets a call site withdraw a call it started (its client went away). Listeners registered after
 * cancellation run at once. Used from one event loop per request, so it needs no locking beyond
 * what {@code synchronized} gives a rare cross-thread cancel.
 */
public final class Cancellation {
    private final List<Runnable> listeners = new ArrayList<>(2);
    private boolean cancelled;

    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(listeners);
            listeners.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code listener} on cancel; returns a handle that unregisters it. */
    public Runnable onCancel(Runnable listener) {
        synchronized (this) {
            if (!cancelled) {
                listeners.add(listener);
                return () -> {
                    synchronized (this) {
                        listeners.remove(listener);
                    }
                };
            }
        }
        listener.run();
        return () -> {};
    }
}
