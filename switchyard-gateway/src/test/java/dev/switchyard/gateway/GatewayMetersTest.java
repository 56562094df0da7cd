package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class GatewayMetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMeters meters = new GatewayMeters(registry, m -> m);

    private double tokens(String tenant, String direction) {
        var c = registry.find(GatewayMetrics.TENANT_TOKENS).tags(GatewayMetrics.TAG_TENANT, tenant,
                GatewayMetrics.TAG_DIRECTION, direction).counter();
        return c == null ? -1 : c.count();
    }

    @Test
    void tenantUsage_oneTenant_tokensAndCostOnItsLabel() {
        meters.tenantUsage("acme", 120, 30, 2_500_000);
        meters.tenantUsage("acme", 10, 5, 500_000);

        assertThat(tokens("acme", "input")).isEqualTo(130);
        assertThat(tokens("acme", "output")).isEqualTo(35);
        assertThat(registry.find(GatewayMetrics.TENANT_COST).tags(GatewayMetrics.TAG_TENANT, "acme").counter().count())
                .isEqualTo(3.0);
    }

    @Test
    void tenantUsage_keyWithoutTenant_countedAsNone() {
        meters.tenantUsage(null, 7, 1, 0);

        assertThat(tokens(GatewayMetrics.NO_TENANT, "input")).isEqualTo(7);
    }

    @Test
    void tenantUsage_moreTenantsThanTheCap_restCountedAsOtherAndSeriesBounded() {
        for (int i = 0; i < GatewayMetrics.MAX_TENANT_LABELS + 50; i++) {
            meters.tenantUsage("tenant-" + i, 1, 1, 0);
        }
        meters.tenantUsage("tenant-0", 1, 0, 0);

        assertThat(tokens("tenant-0", "input")).isEqualTo(2);
        assertThat(tokens("tenant-" + (GatewayMetrics.MAX_TENANT_LABELS + 10), "input")).isEqualTo(-1);
        assertThat(tokens(GatewayMetrics.OTHER_TENANT, "input")).isEqualTo(50);
        assertThat(registry.find(GatewayMetrics.TENANT_COST).counters()).hasSizeLessThanOrEqualTo(
                GatewayMetrics.MAX_TENANT_LABELS + 1);
        assertThat(registry.find(GatewayMetrics.TENANT_TOKENS).counters()).hasSize(
                2 * (GatewayMetrics.MAX_TENANT_LABELS + 1));
    }
}
