package dev.switchyard.upstream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.DeploymentConfig;
import dev.switchyard.core.config.ModelPolicy;
import dev.switchyard.core.config.ServedModel;
import dev.switchyard.core.config.Timeouts;
import dev.switchyard.upstream.UpstreamMetrics;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableTest {
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().await();
    }

    @ParameterizedTest
    @CsvSource({
        "claude-sonnet-4-6, Claude Sonnet 4.6",
        "claude-haiku-4-5-20251001, Claude Haiku 4.5",
        "claude-opus-5, Claude Opus 5",
        "claude-haiku-5-5, Claude Haiku 5.5",
        "my-custom-model, My Custom Model",
    })
    void info_modelId_getsTheApisDisplayName(String id, String display) {
        assertThat(RouteTable.info(id).displayName()).isEqualTo(display);
    }

    @Test
    void find_500InventedIdsThroughAWildcard_retainsOnlyTheConfiguredRoutes() {
        RouteTable table = table(Map.of(), deployment("d1", new ServedModel("claude-sonnet-4-6", List.of("sonnet"))),
                deployment("any", ServedModel.of("*")));
        int configured = table.retained();

        for (int i = 0; i < 500; i++) {
            ModelRoute route = table.find("made-up-model-" + i);
            assertThat(route.targets()).singleElement().extracting(Target::upstreamModel).isEqualTo("made-up-model-" + i);
        }

        assertThat(table.retained()).isEqualTo(configured);
    }

    @Test
    void label_configuredNameAliasOrPolicy_isItself_anInventedIdIsOther() {
        RouteTable table = table(Map.of("claude-next", new ModelPolicy(null, List.of("sonnet"))),
                deployment("d1", new ServedModel("claude-sonnet-4-6", List.of("sonnet"))),
                deployment("any", ServedModel.of("*")));

        assertThat(table.find("claude-sonnet-4-6").label()).isEqualTo("claude-sonnet-4-6");
        assertThat(table.find("sonnet").label()).isEqualTo("sonnet");
        assertThat(table.find("claude-next").label()).as("named in models:, served by the wildcard")
                .isEqualTo("claude-next");
        assertThat(table.chain(table.find("claude-next"))).extracting(ModelRoute::label)
                .containsExactly("claude-next", "sonnet");
        assertThat(table.find("made-up-model").label()).isEqualTo(UpstreamMetrics.OTHER);
        assertThat(table.find("made-up-model").id()).as("the id still reaches the deployment").isEqualTo("made-up-model");
    }

    @Test
    void wildcardRoutes_ofDifferentInventedIds_shareTheDeploymentsRotation() {
        RouteTable table = table(Map.of(), deployment("a", ServedModel.of("*")), deployment("b", ServedModel.of("*")));

        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(table.find("invented-" + i).choose(List.of()).name());
        }

        assertThat(picks).containsExactly("a", "b", "a", "b");
    }

    private static RouteTable table(Map<String, ModelPolicy> policies, Deployment... deployments) {
        return new RouteTable(policies, "round_robin", Arrays.asList(deployments), ThreadLocalRandom.current());
    }

    private static Deployment deployment(String name, ServedModel... models) {
        return new Deployment(vertx, new DeploymentConfig(name, "anthropic", "http://127.0.0.1:9", "sk-test", List.of(models),
                1, 100, Timeouts.defaults(), false), BreakerConfig.defaults(), Clock.systemUTC());
    }
}
