package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine's node and npm, for the tests that drive the official Node SDKs. */
final class NodeCommands {
    private NodeCommands() {}

    /** Runs a command in {@code dir}; its last line of output, or a failure that shows all of it. */
    static String lastLine(Path dir, List<String> command, int seconds) throws IOException, InterruptedException {
        Path log = dir.resolve("last-command.log"); // a file, not a pipe: a chatty npm cannot fill it and hang
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            boolean finished = p.waitFor(seconds, TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            assertThat(finished).as("%s did not finish in %d s:%n%s", String.join(" ", command), seconds, output)
                    .isTrue();
            assertThat(p.exitValue()).as("%s failed:%n%s", String.join(" ", command), output).isZero();
            String[] lines = output.split("\n");
            return lines[lines.length - 1];
        } finally {
            p.destroyForcibly();
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
