package dev.switchyard.upstream.impl;

import dev.switchyard.core.balance.Endpoint;

/** A deployment as one model's pool sees it: the deployment and the name it knows the model by. */
record Target(Deployment deployment, String upstreamModel) implements Endpoint {
    @Override
    public String name() {
        return deployment.name();
    }

    @Override
    public int weight() {
        return deployment.weight();
    }

    @Override
    public int inFlight() {
        return deployment.inFlight();
    }

    @Override
    public double latencyEwmaMillis() {
        return deployment.latencyEwmaMillis();
    }
}
