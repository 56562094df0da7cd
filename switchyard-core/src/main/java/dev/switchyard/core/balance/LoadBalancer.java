package dev.switchyard.core.balance;

import java.util.List;

/** Chooses one upstream deployment per request. */
public interface LoadBalancer {
    /**
     * Picks one of the candidates (all are eligible: healthy, under their concurrency cap);
     * null when the list is empty. Thread-safe; called concurrently from several event loops;
     * must be cheap (no allocation per call where avoidable, no locks on the hot path beyond
     * what smooth WRR needs). The list is read by index, so pass a random-access list.
     */
    <E extends Endpoint> E pick(List<E> candidates);
}
