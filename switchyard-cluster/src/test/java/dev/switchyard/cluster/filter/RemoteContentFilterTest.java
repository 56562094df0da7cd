package dev.switchyard.cluster.filter;

import static dev.switchyard.cluster.OneRoleLoopback.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cluster.ClusterMetrics;
import dev.switchyard.cluster.OneRoleLoopback;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.filter.PolicySpec;
import dev.switchyard.filter.service.PolicyFilterService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter role's policy set fetched over a real hop, compiled by the real filter service, kept when the role is down. */
class RemoteContentFilterTest {
    private static final Duration NOT_BY_TIMER = Duration.ofHours(1);

    private final PolicyFilterService local = new PolicyFilterService(new FiltersConfig("base",
            Map.of("base", email("base", "allow"), "strict", email("strict", "block")), Map.of("acme", "strict"),
            Map.of()));
    private OneRoleLoopback loopback;
    private RemoteContentFilter remote;

    @BeforeEach
    void start() throws Exception {
        loopback = new OneRoleLoopback("filter", new FilterEndpoint(local::policySet).routes());
        remote = filter(PolicyFilterService::new, NOT_BY_TIMER);
    }

    @AfterEach
    void stop() throws Exception {
        remote.close();
        loopback.close();
    }

    @Test
    void refresh_fetchesTheSet_policyForAnswersFromMemoryAsTheRoleWould() throws Exception {
        assertThat(remote.loaded()).isFalse();
        assertThat(remote.policyFor("acme", "k1")).isNull();

        await(remote.refresh());

        assertThat(remote.loaded()).isTrue();
        assertThat(remote.policyFor("acme", "k1").name()).isEqualTo("strict");
        assertThat(remote.policyFor("acme", "k1").apply("mail jane@example.com").blocked()).isTrue();
        assertThat(remote.policyFor("other", "k1").name()).isEqualTo("base");
    }

    @Test
    void refresh_afterTheAdminApiChangedTheRolesSet_newSetInForce() throws Exception {
        await(remote.refresh());

        local.update(new FiltersConfig(null, Map.of("redacting", email("redacting", "redact")), Map.of(),
                Map.of("k9", "redacting")));
        await(remote.refresh());

        assertThat(remote.policyFor("acme", "k9").apply("mail jane@example.com").text()).isEqualTo("mail [EMAIL]");
        assertThat(remote.policyFor("acme", "k1").name()).isEqualTo("strict");
    }

    @Test
    void roleDown_refreshKeepsTheLastGoodSet_thenPicksUpTheNewOneWhenBack() throws Exception {
        await(remote.refresh());
        loopback.stopServer();
        local.update(new FiltersConfig(null, Map.of(), Map.of("acme", "base"), Map.of()));

        await(remote.refresh());

        assertThat(remote.policyFor("acme", "k1").name()).isEqualTo("strict");
        assertThat(fallbacks()).isEqualTo(1);

        loopback.restartServer();
        await(remote.refresh());

        assertThat(remote.policyFor("acme", "k1").name()).isEqualTo("base");
    }

    @Test
    void setTheBuilderRefuses_lastGoodSetKept() throws Exception {
        RemoteContentFilter picky = filter(set -> {
            if (set.policies().containsKey("poison")) {
                throw new IllegalArgumentException("refused");
            }
            return new PolicyFilterService(set);
        }, NOT_BY_TIMER);
        await(picky.refresh());

        local.update(new FiltersConfig(null, Map.of("poison", email("poison", "redact")), Map.of("acme", "poison"),
                Map.of()));
        await(picky.refresh());

        assertThat(picky.policyFor("acme", "k1").name()).isEqualTo("strict");
        assertThat(fallbacks()).isEqualTo(1);
        picky.close();
    }

    @Test
    void timer_refreshesWithoutBeingAsked() {
        RemoteContentFilter periodic = filter(PolicyFilterService::new, Duration.ofMillis(100));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(periodic::loaded);
            local.update(new FiltersConfig(null, Map.of(), Map.of("acme", "base"), Map.of()));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> periodic.policyFor("acme", "k1").name().equals("base"));
        } finally {
            periodic.close();
        }
    }

    private RemoteContentFilter filter(Function<FiltersConfig, ContentFilter> build, Duration every) {
        return new RemoteContentFilter(loopback.vertx, loopback.client(), build, every, loopback.meters);
    }

    private double fallbacks() {
        var counter = loopback.meters.find(ClusterMetrics.FALLBACKS).tag(ClusterMetrics.TAG_ROLE, "filter").counter();
        return counter == null ? 0 : counter.count();
    }

    private static PolicySpec email(String name, String action) {
        return new PolicySpec(name, List.of(), List.of(), Map.of("email", action), List.of(), "US");
    }
}
