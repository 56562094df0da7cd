package dev.switchyard.simulator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current fault, claimed by requests on any event loop. A plan is swapped in whole (one atomic
 * reference), and a limited plan counts down its own budget by compare-and-set, so that a fault for N
 * requests hits exactly N of them however many loops race for it. A replaced plan keeps no effect.
 */
final class FaultPlan {
    private final AtomicReference<Armed> current = new AtomicReference<>();

    void set(Fault fault) {
        current.set(fault == null ? null : new Armed(fault, new AtomicInteger(fault.remaining())));
    }

    void clear() {
        current.set(null);
    }

    /** The fault this request gets, or null; a non-null answer has used one unit of the budget. */
    Fault claim() {
        Armed armed = current.get();
        if (armed == null) {
            return null;
        }
        if (armed.claim()) {
            return armed.fault;
        }
        current.compareAndSet(armed, null);
        return null;
    }

    private record Armed(Fault fault, AtomicInteger left) {
        boolean claim() {
            if (fault.remaining() < 0) {
                return true;
            }
            for (;;) {
                int n = left.get();
                if (n <= 0) {
                    return false;
                }
                if (left.compareAndSet(n, n - 1)) {
                    return true;
                }
            }
        }
    }
}
