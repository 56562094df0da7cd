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
        return pick(excluded, countTokens).target();
    }

    /** What one look at the pool found: a target, or none and the wait until a cooling deployment is free. */
    record Choice(Target target, long coolDownMillis) {}

    /**
     * As {@link #choose(List, boolean)}; with no target, the shortest retry-after cool-down among the deployments
     * passed over for one ({@code -1}: none; one its breaker holds does not count). Cool-downs are read once:
     * asked again after the choice, one that ended in between read as none, and a call that should have waited
     * a retry-after out gave up with a 429 (ResilienceTest failed so, once in CI).
     */
    Choice pick(List<Deployment> excluded, boolean countTokens) {
        List<Target> candidates = new ArrayList<>(targets.size());
        long shortestCoolDown = -1;
        for (Target t : targets) {
            Deployment d = t.deployment();
            if (excluded.contains(d)) {
                continue;
            }
            Deployment.Lane lane = d.lane(countTokens);
            long coolDown = lane.coolDownRemainingMillis();
            if (coolDown > 0) {
                if (lane.breakerAdmits() && (shortestCoolDown < 0 || coolDown < shortestCoolDown)) {
                    shortestCoolDown = coolDown;
                }
            } else if (d.belowConcurrencyLimit()) {
                candidates.add(t);
            }
        }
        while (!candidates.isEmpty()) {
            Target t = balancer.pick(candidates);
            if (t.deployment().lane(countTokens).breaker().tryAcquirePermission()) {
                return new Choice(t, 0);
            }
            candidates.remove(t);
        }
        return new Choice(null, shortestCoolDown);
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
