package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** `switchyard deploy render`: the chart rendered for an environment, or a clear refusal. */
class DeployCommandTest {

    @Test
    void render_prodYaml_printsTheProdManifests() {
        Run r = run("deploy", "render", "--env", "prod", "--namespace", "llm");

        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("kind: HorizontalPodAutoscaler", "maxReplicas: 9", "switchyard.dev/environment: prod",
                "namespace: llm", "name: switchyard-claude");
    }

    @Test
    void render_devCompose_printsAComposeFile() {
        Run r = run("deploy", "render", "--env", "dev", "--format", "compose");

        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("services:", "--roles=gateway", "replicas: 1");
    }

    @Test
    void render_unknownEnvironment_exitsTwoNamingTheValueAndTheChoices() {
        Run r = run("deploy", "render", "--env", "qa");

        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("unknown environment 'qa' (known: dev, staging, prod)");
        assertThat(r.out).isEmpty();
    }

    @Test
    void render_unknownFormat_exitsTwoNamingIt() {
        Run r = run("deploy", "render", "--env", "dev", "--format", "json");

        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--format: expected yaml or compose, got 'json'");
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(args).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
