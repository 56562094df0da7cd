package dev.switchyard.gateway.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One line of the admin page's charts: how to read it from the meter registry and what a window between two
 * readings makes of it. Adding a line is one call here: a counter's increase, a gauge's value now, or a
 * timer's quantile in milliseconds.
 *
 * @param <R> what one reading holds (a sum, a histogram)
 */
public record Series<R>(String name, Function<MeterRegistry, R> reader, Window<R> window) {

    /** The window's value from the reading at its start and the one at its end; null when there is none. */
    @FunctionalInterface
    public interface Window<R> {
        Double of(R before, R now);
    }

    /** How much the counters named {@code meter} went up in the window (all their tag sets added up). */
    public static Series<Double> increase(String name, String meter) {
        return increase(name, meter, id -> true);
    }

    /** How much the counters named {@code meter} whose id passes {@code which} went up in the window. */
    public static Series<Double> increase(String name, String meter, Predicate<Meter.Id> which) {
        return new Series<>(name, r -> counted(r, meter, which), (before, now) -> Math.max(0, now - before));
    }

    /** The gauges named {@code meter}, added up, at the end of the window. */
    public static Series<Double> gauge(String name, String meter) {
        return new Series<>(name, r -> r.find(meter).gauges().stream().mapToDouble(Gauge::value)
                .filter(Double::isFinite).sum(), (before, now) -> now);
    }

    /** The {@code q} quantile, in milliseconds, of what the timers named {@code meter} recorded in the window. */
    public static Series<Histogram> quantile(String name, String meter, double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("a quantile is between 0 and 1, got " + q);
        }
        return new Series<>(name, r -> Histogram.of(r.find(meter).timers()), (before, now) -> now.minus(before)
                .quantileMillis(q));
    }

    Object read(MeterRegistry registry) {
        return reader.apply(registry);
    }

    @SuppressWarnings("unchecked")
    Double value(Object before, Object now) {
        return window.of((R) before, (R) now);
    }

    private static double counted(MeterRegistry registry, String meter, Predicate<Meter.Id> which) {
        double sum = 0;
        for (Meter m : registry.find(meter).meters()) {
            if (!which.test(m.getId())) {
                continue;
            }
            if (m instanceof Counter c) {
                sum += c.count();
            } else if (m instanceof FunctionCounter f) {
                sum += f.count();
            } else if (m instanceof Timer t) {
                sum += t.count();
            }
        }
        return sum;
    }
}
