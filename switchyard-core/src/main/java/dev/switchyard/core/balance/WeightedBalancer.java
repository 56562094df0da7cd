package dev.switchyard.core.balance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round robin, nginx's algorithm: every pick adds each candidate's weight to its
 * current weight, takes the largest, and subtracts the candidates' total from it. For 5:1:1 that
 * yields a a b a c a a rather than a bursty a a a a a b c.
 *
 * <p>State is per endpoint name so it survives the candidate list being rebuilt between calls.
 * An endpoint missing from a call (excluded for health or capacity) does not accumulate, like a
 * down peer in nginx. One deliberate difference: nginx keeps current weights in units of the
 * total, so when the total changes (an exclusion, a weight change) the credit carried over is
 * mis-sized and a light endpoint drifts several percent above its share while exclusions flap.
 * Here current weights are rescaled to the new total instead, so each call's share is
 * weight / total-of-that-call; with a stable candidate set the sequence is exactly nginx's.
 */
final class WeightedBalancer implements LoadBalancer {
    // Current weights are fixed point with this many units per weight point, so the rounding
    // on a rescale stays far below one pick however often the candidate set flaps.
    private static final long UNIT = 1L << 16;
    // Every this many picks, forget endpoints absent that long (removed or renamed deployments),
    // so config churn cannot grow the map. One that was merely excluded restarts from zero,
    // like a new endpoint, which only perturbs the sequence briefly. Power of two.
    private static final int SWEEP_EVERY = 4096;

    private static final class State {
        long current;
        long lastSeen;
    }

    private final Map<String, State> states = new HashMap<>();
    private long picks;
    private long scaleTotal; // the candidate total the current weights are expressed against

    @Override
    public synchronized <E extends Endpoint> E pick(List<E> candidates) {
        int n = candidates.size();
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return candidates.get(0); // adding and subtracting its own weight changes nothing
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += weightOf(candidates.get(i));
        }
        if (total != scaleTotal) {
            rescale(total);
        }
        long tick = ++picks;
        E best = null;
        State bestState = null;
        for (int i = 0; i < n; i++) {
            E candidate = candidates.get(i);
            State state = states.computeIfAbsent(candidate.name(), k -> new State());
            state.current += weightOf(candidate) * UNIT;
            state.lastSeen = tick;
            // Strictly greater: ties go to the earlier candidate, as in nginx.
            if (bestState == null || state.current > bestState.current) {
                best = candidate;
                bestState = state;
            }
        }
        bestState.current -= total * UNIT;
        if ((tick & (SWEEP_EVERY - 1)) == 0) {
            states.values().removeIf(s -> tick - s.lastSeen >= SWEEP_EVERY);
        }
        return best;
    }

    private void rescale(long total) {
        if (scaleTotal != 0) {
            double factor = (double) total / scaleTotal;
            for (State state : states.values()) {
                state.current = Math.round(state.current * factor);
            }
        }
        scaleTotal = total;
    }

    // Config validation guarantees >= 1; clamp anyway so a bad value cannot stall the rotation.
    private static long weightOf(Endpoint endpoint) {
        return Math.max(1, endpoint.weight());
    }
}
