package dev.switchyard.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchyard} command line. Its --help and --version are inherited by every subcommand. */
@Command(name = "switchyard", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Version.class,
        description = "An Anthropic-compatible gateway for Claude.",
        subcommands = {RunCommand.class, SimulateCommand.class, CheckConfigCommand.class, KeysCommand.class,
                FiltersCommand.class, UsageCommand.class, ShardsCommand.class, InstancesCommand.class, UpCommand.class,
                DeployCommand.class, VersionCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0 || !RunCommand.running && !SimulateCommand.running) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
