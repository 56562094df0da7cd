package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand answers --help with its usage and exit code 0, required options or not. */
class HelpTest {

    static Stream<String> commands() {
        List<String> all = new ArrayList<>();
        collect(new CommandLine(new Main()), "", all);
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
        CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");

        int code = cli.execute(args.toArray(String[]::new));

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("Usage: switchyard " + command);
    }
}
