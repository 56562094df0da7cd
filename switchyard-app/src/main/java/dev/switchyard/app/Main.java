package dev.switchyard.app;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchyard} command line. Its --help and --version are inherited by every subcommand. */
@Command(name = "switchyard", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Version.class,
        description = "An Anthropic-compatible gateway for Claude.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order the help lists them. Only the one named on the command line is built:
     * picocli reads every annotated member of a command by reflection, and building all of them took 0.38 s
     * of the gateway's start-up (0.16 s with one), before the JIT has compiled anything.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static final String NETTY_JFR = "io.netty.jfr.enabled";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        defaultProperties();
        ServerWarmUp.startFor(args);
        int code = commandLine(args).execute(args);
        if (code != 0 || !RunCommand.running && !SimulateCommand.running) {
            System.exit(code);
        }
    }

    /**
     * Netty's flight-recorder events for its buffer allocator are off unless {@code -D} turns them on (set
     * before Netty loads): registering them at the first allocation cost about 0.15 s of CPU on the way to
     * /ready, for events only Netty's own developers read.
     */
    static void defaultProperties() {
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
    }

    /** The command line for these arguments: the subcommand they name, or all of them (help, errors). */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new Main());
        Supplier<Object> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(named.get());
        } else {
            SUBCOMMANDS.values().forEach(s -> cli.addSubcommand(s.get()));
        }
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("run", RunCommand::new);
        m.put("simulate", SimulateCommand::new);
        m.put("check-config", CheckConfigCommand::new);
        m.put("keys", KeysCommand::new);
        m.put("filters", FiltersCommand::new);
        m.put("usage", UsageCommand::new);
        m.put("shards", ShardsCommand::new);
        m.put("instances", InstancesCommand::new);
        m.put("up", UpCommand::new);
        m.put("deploy", DeployCommand::new);
        m.put("version", VersionCommand::new);
        return Collections.unmodifiableMap(m);
    }
}
