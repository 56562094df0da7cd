package dev.switchyard.core.balance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A mutable stand-in for a deployment's live state. */
final class FakeEndpoint implements Endpoint {
    private final String name;
    private volatile int weight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile double latency;

    private FakeEndpoint(String name, int weight, double latency, int inFlight) {
        this.name = name;
        this.weight = weight;
        this.latency = latency;
        this.inFlight.set(inFlight);
    }

    static FakeEndpoint named(String name) {
        return new FakeEndpoint(name, 1, 0, 0);
    }

    static FakeEndpoint weighted(String name, int weight) {
        return new FakeEndpoint(name, weight, 0, 0);
    }

    static FakeEndpoint withLatency(String name, double latencyMillis, int inFlight) {
        return new FakeEndpoint(name, 1, latencyMillis, inFlight);
    }

    /** Endpoints e0, e1, ... with default state. */
    static List<FakeEndpoint> several(int count) {
        List<FakeEndpoint> endpoints = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            endpoints.add(named("e" + i));
        }
        return endpoints;
    }

    /** Endpoints a, b, c, ... with the given weights. */
    static List<FakeEndpoint> weights(int... weights) {
        List<FakeEndpoint> endpoints = new ArrayList<>(weights.length);
        for (int i = 0; i < weights.length; i++) {
            endpoints.add(weighted(String.valueOf((char) ('a' + i)), weights[i]));
        }
        return endpoints;
    }

    /** Pick counts by endpoint name, in the order of {@code endpoints}, zeros included. */
    static Map<String, Integer> count(List<? extends Endpoint> endpoints, List<? extends Endpoint> picks) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        endpoints.forEach(e -> counts.put(e.name(), 0));
        picks.forEach(p -> counts.merge(p.name(), 1, Integer::sum));
        return counts;
    }

    static String names(List<? extends Endpoint> picks) {
        StringBuilder sb = new StringBuilder();
        picks.forEach(p -> sb.append(p.name()));
        return sb.toString();
    }

    void setWeight(int weight) {
        this.weight = weight;
    }

    void setInFlight(int count) {
        inFlight.set(count);
    }

    void start() {
        inFlight.incrementAndGet();
    }

    void finish() {
        inFlight.decrementAndGet();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public double latencyEwmaMillis() {
        return latency;
    }

    @Override
    public String toString() {
        return name;
    }
}
