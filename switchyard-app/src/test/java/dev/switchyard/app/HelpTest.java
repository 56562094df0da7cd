package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand answers --help with its usage and exit code 0, required options or not. */
class HelpTest {

    static Stream<String> commands() {
        List<String> all = new ArrayList<>();
        collect(Main.commandLine(), "", all);
        return all.stream();
    }

    private static void collect(CommandLine cmd, String prefix, List<String> into) {
        cmd.getSubcommands().forEach((name, sub) -> {
            String path = (prefix + " " + name).trim();
            into.add(path);
            collect(sub, path, into);
        });
    }

    @ParameterizedTest
    @MethodSource("commands")
    void help_everyCommand_printsItsUsageAndExitsZero(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        CommandLine cli = Main.commandLine(args.toArray(String[]::new))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        int code = cli.execute(args.toArray(String[]::new));

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("Usage: switchyard " + command);
    }

    @Test
    void commandLine_aSubcommandNamed_buildsOnlyThatOne() {
        assertThat(Main.commandLine("run", "--port", "1").getSubcommands()).containsOnlyKeys("run");
        assertThat(Main.commandLine().getSubcommands()).containsKeys("run", "simulate", "keys", "version")
                .hasSizeGreaterThan(10);
        assertThat(Main.commandLine("no-such-command").getSubcommands()).hasSizeGreaterThan(10);
    }

    @Test
    void version_onALazilyBuiltSubcommand_isInherited() {
        StringWriter out = new StringWriter();
        int code = Main.commandLine("run", "--version").setOut(new PrintWriter(out)).execute("run", "--version");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("switchyard");
    }
}
