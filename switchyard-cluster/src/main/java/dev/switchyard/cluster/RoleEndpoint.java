package dev.switchyard.cluster;

import dev.switchyard.core.balance.Endpoint;
import dev.switchyard.core.balance.Ewma;
import dev.switchyard.registry.Instance;
import java.util.concurrent.atomic.AtomicInteger;

/** One instance of a called role as a balancer sees it: its weight, calls in flight and latency. */
final class RoleEndpoint implements Endpoint {
    private final Instance instance;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Ewma latency = new Ewma(0.3);

    RoleEndpoint(Instance instance) {
        this.instance = instance;
    }

    Instance instance() {
        return instance;
    }

    @Override
    public String name() {
        return instance.id();
    }

    @Override
    public int weight() {
        return instance.weight();
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public double latencyEwmaMillis() {
        return latency.value();
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished(long nanos) {
        inFlight.decrementAndGet();
        latency.record(nanos / 1_000_000.0);
    }
}
