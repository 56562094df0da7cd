package dev.switchyard.core.pricing;

/** USD per million tokens of each kind. */
public record Price(double input, double output, double cacheWrite, double cacheRead) {

    public Price {
        if (!valid(input) || !valid(output) || !valid(cacheWrite) || !valid(cacheRead)) {
            throw new IllegalArgumentException("prices must be finite numbers >= 0");
        }
    }

    private static boolean valid(double usdPerMillion) {
        return usdPerMillion >= 0 && Double.isFinite(usdPerMillion);
    }
}
