package dev.switchyard.core.pricing;

import dev.switchyard.auth.TokenUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * USD prices per model. A model is priced by its exact name in the table, else by its family (opus,
 * sonnet, haiku), else by the table's {@code *} entry. Defaults follow Anthropic's list prices for the
 * current families; the config overrides any entry. Costs are in micro-USD: a price of P USD per million
 * tokens is P micro-USD per token.
 */
public final class PriceTable {
    public static final String ANY = "*";
    private static final Map<String, Price> DEFAULTS = defaults();

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    public static PriceTable defaultsWith(Map<String, Price> overrides) {
        Map<String, Price> merged = new LinkedHashMap<>(DEFAULTS);
        merged.putAll(overrides);
        return new PriceTable(merged);
    }

    public static PriceTable defaultTable() {
        return new PriceTable(DEFAULTS);
    }

    /** A null model (a pass-through call that names none) is priced as any unknown model. */
    public Price priceOf(String model) {
        Price exact = model == null ? null : prices.get(model); // the table's map refuses null keys
        if (exact != null) {
            return exact;
        }
        for (String family : new String[] {"opus", "sonnet", "haiku"}) {
            if (model != null && model.contains(family) && prices.containsKey(family)) {
                return prices.get(family);
            }
        }
        return prices.get(ANY);
    }

    /**
     * What {@code used} cost, in micro-USD, rounded up so that a budget is never under-charged. Saturating:
     * a negative count costs nothing, and a cost beyond {@code Long.MAX_VALUE} is {@code Long.MAX_VALUE},
     * never a wrapped (negative) number that would credit a budget.
     */
    public long costMicros(TokenUsage used) {
        Price p = priceOf(used.servedModel());
        double micros = part(used.inputTokens(), p.input()) + part(used.outputTokens(), p.output())
                + part(used.cacheCreationTokens(), p.cacheWrite()) + part(used.cacheReadTokens(), p.cacheRead());
        return saturated(micros);
    }

    /** The most a request can cost: its input estimate plus max_tokens of output. Saturating, as {@link #costMicros}. */
    public long worstCaseMicros(String model, long inputTokens, long maxTokens) {
        return costMicros(new TokenUsage(model, inputTokens, maxTokens, 0, 0));
    }

    /** Tokens times a price: both non-negative and finite, so the product is at worst +Infinity, never NaN. */
    private static double part(long tokens, double price) {
        return tokens <= 0 ? 0 : tokens * price;
    }

    /** Rounded up; Infinity and anything from 2^63 on become Long.MAX_VALUE. */
    static long saturated(double micros) {
        if (!(micros > 0)) {
            return 0;
        }
        return micros >= 0x1p63 ? Long.MAX_VALUE : (long) Math.ceil(micros);
    }

    public Map<String, Price> entries() {
        return prices;
    }

    private static Map<String, Price> defaults() {
        Map<String, Price> m = new LinkedHashMap<>();
        // Cache writes cost 1.25x input (5-minute TTL), cache reads 0.1x input.
        m.put("opus", new Price(5.00, 25.00, 6.25, 0.50));
        m.put("sonnet", new Price(3.00, 15.00, 3.75, 0.30));
        m.put("haiku", new Price(1.00, 5.00, 1.25, 0.10));
        // An unknown model is charged like the dearest family: a budget must not be overspent by a guess.
        m.put(ANY, new Price(5.00, 25.00, 6.25, 0.50));
        return m;
    }
}
