package dev.switchyard.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a config from command-line flags alone: each upstream URL becomes one deployment that
 * serves the current Claude models and, through {@code "*"}, any other id the client names.
 */
public final class QuickStart {
    /** Current model ids (the official TypeScript SDK 1.14's list, November 2026; deprecated ones left out). */
    public static final List<String> CURRENT_MODELS = List.of(
            "claude-opus-5", "claude-opus-5-5", "claude-sonnet-5", "claude-sonnet-5-5", "claude-haiku-5-5",
            "claude-fable-5", "claude-fable-5-1", "claude-fable-5-2", "claude-mythos-5", "claude-mythos-5-1",
            "claude-mythos-5-2", "claude-opus-4-8", "claude-opus-4-7", "claude-opus-4-6", "claude-sonnet-4-6",
            "claude-haiku-4-5");

    private QuickStart() {}

    public static SwitchyardConfig config(int port, List<String> upstreamUrls, String upstreamApiKey,
            List<String> clientKeys, boolean http2) {
        List<ServedModel> models = new ArrayList<>();
        CURRENT_MODELS.forEach(m -> models.add(ServedModel.of(m)));
        models.add(ServedModel.of("*"));
        List<DeploymentConfig> deployments = new ArrayList<>();
        for (int i = 0; i < upstreamUrls.size(); i++) {
            deployments.add(new DeploymentConfig("upstream-" + (i + 1), "anthropic", upstreamUrls.get(i),
                    upstreamApiKey, models, 1, DeploymentConfig.DEFAULT_MAX_CONCURRENT, Timeouts.defaults(),
                    http2));
        }
        return new SwitchyardConfig(ServerConfig.defaults().withPort(port), clientKeys, UpstreamConfig.defaults(),
                deployments, Map.of());
    }
}
