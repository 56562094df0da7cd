package dev.switchyard.core.config;

import java.util.List;
import java.util.Map;

/**
 * The whole configuration, immutable. A reload builds a new one and swaps it in whole.
 * Client keys are secrets: {@link #toString()} counts them and never prints them.
 */
public record SwitchyardConfig(
        ServerConfig server,
        List<String> clientKeys,
        UpstreamConfig upstream,
        List<DeploymentConfig> deployments,
        Map<String, ModelPolicy> models) {

    public SwitchyardConfig {
        clientKeys = List.copyOf(clientKeys);
        deployments = List.copyOf(deployments);
        models = Map.copyOf(models);
    }

    public SwitchyardConfig withClientKeys(List<String> keys) {
        return new SwitchyardConfig(server, keys, upstream, deployments, models);
    }

    public SwitchyardConfig withServer(ServerConfig newServer) {
        return new SwitchyardConfig(newServer, clientKeys, upstream, deployments, models);
    }

    @Override
    public String toString() {
        return "SwitchyardConfig[server=" + server + ", clientKeys=<" + clientKeys.size() + " redacted>, upstream="
                + upstream + ", deployments=" + deployments + ", models=" + models + "]";
    }
}
