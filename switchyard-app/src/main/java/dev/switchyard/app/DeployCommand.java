package dev.switchyard.app;

import dev.switchyard.deploy.DeployRenderer;
import dev.switchyard.deploy.Environment;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchyard deploy render}: the deployment manager, printing an environment from the Helm chart. */
@Command(name = "deploy", description = "The deployment manager: an environment's manifests from the Helm chart.",
        subcommands = {DeployCommand.Render.class})
final class DeployCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "render", description = "Prints an environment's Kubernetes manifests (the chart deploy/helm/"
            + "switchyard with its values-ENV.yaml, as `helm template` would) or its compose topology.")
    static final class Render implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--env", required = true, paramLabel = "ENV", description = "dev, staging or prod.")
        String env;
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "yaml",
                description = "yaml (Kubernetes manifests, default) or compose (a compose file).")
        String format;
        @Option(names = "--release", defaultValue = "switchyard", description = "The Helm release name (default: ${DEFAULT-VALUE}).")
        String release;
        @Option(names = "--namespace", defaultValue = "default", description = "The namespace (default: ${DEFAULT-VALUE}).")
        String namespace;
        @Option(names = "--kube-version", defaultValue = DeployRenderer.DEFAULT_KUBE_VERSION,
                description = "The Kubernetes version to render for (default: ${DEFAULT-VALUE}).")
        String kubeVersion;

        @Override
        public Integer call() {
            try {
                Environment environment = Environment.parse(env);
                DeployRenderer renderer = new DeployRenderer(release, namespace, kubeVersion);
                String out = switch (format) {
                    case "yaml" -> renderer.manifests(environment);
                    case "compose" -> renderer.compose(environment);
                    default -> throw new IllegalArgumentException("--format: expected yaml or compose, got '" + format + "'");
                };
                spec.commandLine().getOut().print(out);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("deploy render: " + e.getMessage());
                return 2;
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("deploy render: the chart did not render: " + e.getMessage());
                return 1;
            }
        }
    }
}
