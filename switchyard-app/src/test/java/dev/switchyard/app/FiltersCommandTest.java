package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchyard filters} against a running gateway's admin API. */
class FiltersCommandTest {
    @TempDir
    Path dir;
    private AuthFixture fx;
    private Harness h;

    @BeforeEach
    void start() {
        fx = new AuthFixture();
        h = new Harness().deployment("d1", "claude-sonnet-4-6").auth(fx.config(1, dir)).start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        fx.close();
    }

    record Run(int code, String out, String err) {}

    /** Runs the CLI in this process; its commands print to System.out/err. */
    private Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 4];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--url";
            all[args.length + 1] = h.baseUrl();
            all[args.length + 2] = "--admin-key";
            all[args.length + 3] = fx.adminKey;
            int code = Main.commandLine(all).execute(all);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void setAssignList_roundTrip_showsThePolicyAndItsAssignment() {
        Run set = cli("filters", "set", "strict", "--term", "project zeus", "--pii", "email=redact", "--pii",
                "card=block", "--custom", "EMPLOYEE_ID=redact=E\\d{6}");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("Saved filter policy strict");
        Run assign = cli("filters", "assign", "--tenant", "acme", "strict");
        assertThat(assign.code()).as(assign.err()).isZero();

        Run list = cli("filters", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("Default policy: none").containsPattern("strict\\s+admin\\s+card=block,email=redact")
                .containsPattern("tenant\\s+acme\\s+strict\\s+admin");
        Run show = cli("filters", "show", "strict");
        assertThat(show.out()).contains("\"project zeus\"").contains("E\\\\d{6}");
    }

    @Test
    void set_invalidAction_exitsOneWithTheServersReason() {
        Run r = cli("filters", "set", "bad", "--pii", "email=hide");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("400").contains("unknown action 'hide'");
    }

    @Test
    void assignNone_thenDelete_removesBoth() {
        cli("filters", "set", "temp", "--pii", "ip=redact");
        cli("filters", "assign", "--key", "key_1", "temp");
        assertThat(cli("filters", "delete", "temp").code()).isEqualTo(1); // still assigned
        assertThat(cli("filters", "assign", "--key", "key_1", "--none").out()).contains("key key_1: no policy");
        assertThat(cli("filters", "delete", "temp").code()).isZero();
        assertThat(cli("filters", "list").out()).doesNotContain("temp");
    }
}
