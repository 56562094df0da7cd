package dev.switchyard.core.pricing;

/** USD per million tokens of each kind. */
public record Price(double input, double output, double cacheWrite, double cacheRead) {

    public Price {
        if (input < 0 || output < 0 || cacheWrite < 0 || cacheRead < 0) {
            throw new IllegalArgumentException("prices must be >= 0");
        }
    }
}
