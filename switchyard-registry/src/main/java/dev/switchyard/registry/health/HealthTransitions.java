package dev.switchyard.registry.health;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The table of allowed state changes. Kept as data rather than spread over if-statements so that a move
 * the design does not allow (say UNHEALTHY straight to EJECTED) fails loudly in tests instead of quietly
 * changing what rotation means.
 */
public final class HealthTransitions {
    private static final Map<HealthState, Set<HealthState>> ALLOWED = new EnumMap<>(HealthState.class);

    static {
        ALLOWED.put(HealthState.UNKNOWN, EnumSet.of(HealthState.HEALTHY, HealthState.UNHEALTHY, HealthState.EJECTED));
        ALLOWED.put(HealthState.HEALTHY, EnumSet.of(HealthState.UNHEALTHY, HealthState.EJECTED));
        ALLOWED.put(HealthState.UNHEALTHY, EnumSet.of(HealthState.HEALTHY));
        ALLOWED.put(HealthState.EJECTED, EnumSet.of(HealthState.HEALTHY, HealthState.UNHEALTHY));
    }

    private HealthTransitions() {}

    public static boolean allowed(HealthState from, HealthState to) {
        return ALLOWED.get(from).contains(to);
    }

    /** The states {@code from} may move to. */
    public static Set<HealthState> from(HealthState from) {
        return Set.copyOf(ALLOWED.get(from));
    }
}
