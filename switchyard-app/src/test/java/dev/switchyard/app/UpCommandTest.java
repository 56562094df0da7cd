package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.supervisor.Topology;
import dev.switchyard.supervisor.TopologyLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchyard up}'s paths that end by themselves: the example, and topologies refused at start. */
class UpCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private static Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.commandLine(args).execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void example_writesATopologyThatParsesBack_andNeverOverwrites() throws Exception {
        Path file = dir.resolve("topology.yaml");

        Run run = cli("up", "--example", file.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("gateway x1, claude x3, auth x2, conversation x1").contains("etcd");
        Files.writeString(dir.resolve("switchyard.yaml"), "{}\n");
        Topology t = TopologyLoader.fromSystemEnv().load(file);
        assertThat(t.children()).hasSize(7);
        Run again = cli("up", "--example", file.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void topology_withProblems_exitsTwoNamingEach() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "config: missing.yaml\nservices: { claude: { instances: 0, port: 9000 } }\n");

        Run run = cli("up", "--topology", file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("config: no readable file at")
                .contains("services.claude.instances: must be between 1 and 64, got 0");
    }

    @Test
    void topology_whoseConfigIsInvalid_exitsTwoBeforeStartingAnything() throws Exception {
        Files.writeString(dir.resolve("switchyard.yaml"), "server: { port: many }\n");
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, "config: switchyard.yaml\nrun_dir: run\nservices: { claude: { port: 9000 } }\n");

        Run run = cli("up", "--topology", file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("server.port");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void neitherTopologyNorExample_isAUsageError() {
        Run run = cli("up");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--topology").contains("--example");
    }
}
