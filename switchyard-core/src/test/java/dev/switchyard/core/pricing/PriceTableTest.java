package dev.switchyard.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.auth.TokenUsage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceTableTest {
    private final PriceTable prices = PriceTable.defaultTable();

    /** Regression: a pass-through call names no model, and the admission of one threw (a 500). */
    @Test
    void costMicros_nullModel_pricedAsAnyUnknownModel() {
        assertThat(prices.priceOf(null)).isEqualTo(prices.priceOf("some-model-nobody-named"));
        assertThat(prices.costMicros(TokenUsage.none(null))).isZero();
        assertThat(prices.worstCaseMicros(null, 0, 0)).isZero();
    }

    @Test
    void worstCase_maxTokensNearLongMax_saturatesInsteadOfWrappingNegative() {
        long worst = prices.worstCaseMicros("claude-opus-4-8", Long.MAX_VALUE, Long.MAX_VALUE);

        assertThat(worst).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void costMicros_countsJustBelowOverflow_saturateAndStayPositive() {
        // 2^59 tokens at 25 micro-USD each is about 1.4e19, past Long.MAX_VALUE: a wrapped cast would go negative.
        long cost = prices.costMicros(new TokenUsage("claude-opus-4-8", 0, 1L << 59, 0, 0));

        assertThat(cost).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void costMicros_negativeCounts_costNothingRatherThanCreditingTheBudget() {
        long cost = prices.costMicros(new TokenUsage("claude-opus-4-8", -1_000_000, -5, 10, 0));

        assertThat(cost).isEqualTo((long) Math.ceil(10 * 6.25));
    }

    @Test
    void costMicros_ordinaryUsage_roundsUp() {
        assertThat(prices.costMicros(new TokenUsage("claude-sonnet-4-6", 1, 1, 0, 0))).isEqualTo(18);
    }

    @Test
    void price_nonFiniteOrNegative_isRefused() {
        assertThatThrownBy(() -> new Price(Double.NaN, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Price(1, Double.POSITIVE_INFINITY, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Price(1, 1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void costMicros_hugeConfiguredPrice_saturates() {
        PriceTable dear = PriceTable.defaultsWith(Map.of("m", new Price(Double.MAX_VALUE, Double.MAX_VALUE, 0, 0)));

        assertThat(dear.costMicros(new TokenUsage("m", 10, 10, 0, 0))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void tokenUsageTotal_countsNearLongMax_saturates() {
        assertThat(new TokenUsage("m", Long.MAX_VALUE, Long.MAX_VALUE, 1, -4).total()).isEqualTo(Long.MAX_VALUE);
        assertThat(new TokenUsage("m", 3, 4, -1, 5).total()).isEqualTo(12);
    }
}
