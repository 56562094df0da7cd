package dev.switchyard.upstream.impl;

import dev.switchyard.core.balance.LoadBalancer;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool of deployments that serve one client-visible model id, with its balancer and fallbacks;
 * {@code label} is the id in metrics: the id when the configuration names it, else one fixed value.
 */
record ModelRoute(String id, String label, List<Target> targets, LoadBalancer balancer, List<String> fallbacks) {

    /**
     * Picks an eligible target that the breaker lets through. Asking the breaker may move it from
     * open to half-open, so it is asked only for the target the balancer chose.
     */
    Target choose(List<Deployment> excluded) {
        return choose(excluded, false);
    }

    /** As {@link #choose(List)}, by the breakers and cool-downs of count_tokens calls when {@code countTokens}. */
    Target choose(List<Deployment> excluded, boolean countTokens) {
        List<Target> candidates = new ArrayList<>(targets.size());
        for (Target t : targets) {
            Deployment d = t.deployment();
            if (!excluded.contains(d) && d.hasCapacity(d.lane(countTokens))) {
                candidates.add(t);
            }
        }
        while (!candidates.isEmpty()) {
            Target t = balancer.pick(candidates);
            if (t.deployment().lane(countTokens).breaker().tryAcquirePermission()) {
                return t;
            }
            candidates.remove(t);
        }
        return null;
    }

    /** Milliseconds until a deployment not held by its breaker leaves its retry-after cool-down; -1 if none. */
    long shortestCoolDownMillis(boolean countTokens) {
        long best = -1;
        for (Target t : targets) {
            Deployment.Lane lane = t.deployment().lane(countTokens);
            long wait = lane.coolDownRemainingMillis();
            if (wait > 0 && lane.breakerAdmits() && (best < 0 || wait < best)) {
                best = wait;
            }
        }
        return best;
    }

    /** Servable now or soon: some deployment's breaker is not open. */
    boolean available() {
        for (Target t : targets) {
            if (t.deployment().breakerAdmits()) {
                return true;
            }
        }
        return false;
    }
}
