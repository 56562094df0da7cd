package dev.switchyard.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose run for real with podman-compose: every Switchyard service from the image built from
 * deploy/image/Dockerfile, finding the others by service name (DNS). What the local run substitutes, because
 * this machine reaches neither an image registry nor the Anthropic API (deploy/local/compose.local.yaml):
 * redis:7.0-bookworm and postgres:15-bookworm are stand-ins made from this host's Debian builds of the same
 * versions (deploy/local/stand-in-images.sh), and the claude containers call a simulator container (the same
 * image's `switchyard simulate`) instead of api.anthropic.com.
 */
class ComposeTopologyTest {
    private static final List<String> SWITCHYARD = List.of("gateway_1", "claude_1", "claude_2", "claude_3",
            "auth_1", "auth_2", "conversation_1");
    private static final Pattern REQUESTS = Pattern.compile("\"requests\"\\s*:\\s*(\\d+)");
    private static ComposeProject project;
    private static AnthropicClient sdk;

    @BeforeAll
    static void up() throws IOException {
        String image = SwitchyardImage.tag();
        Podman.ok(Duration.ofMinutes(3), "deploy/local/stand-in-images.sh", "--only", "redis", "--only", "postgres");
        int port = freePort();
        project = new ComposeProject(Map.of("SWITCHYARD_IMAGE", image, "SWITCHYARD_PORT", "127.0.0.1:" + port));
        project.up();
        // Healthy by the images' own checks (podman runs them on request here: no systemd timers).
        List<String> checked = new java.util.ArrayList<>(SWITCHYARD);
        checked.addAll(List.of("redis_1", "postgres_1"));
        for (String c : checked) {
            await("health of " + c).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Podman.run(Duration.ofSeconds(15), "podman", "healthcheck", "run", project.name + "_" + c).ok());
        }
        sdk = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port).apiKey(project.clientKey)
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void down() throws IOException {
        if (sdk != null) {
            sdk.close();
        }
        if (project != null) {
            for (String c : project.containers()) {
                System.out.println("===== " + c + "\n" + project.logs(c));
            }
            printNameService();
            project.close();
        }
    }

    @Test
    void topology_oneClaudeContainerStopped_noRequestFails() throws Exception {
        SdkLoad load = new SdkLoad(sdk);
        long[] othersAtStop = new long[2];
        load.start(3, 1);
        try {
            // Every claude replica is in the gateway's rotation before one leaves (new ones join within a check).
            await("every claude replica serving").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(() -> List.of(1, 2, 3).stream().allMatch(n -> requests(project.container("claude", n)) > 0));

            Podman.ok(Duration.ofSeconds(60), "podman", "stop", "-t", "30", project.container("claude", 2));
            othersAtStop[0] = requests(project.container("claude", 1));
            othersAtStop[1] = requests(project.container("claude", 3));
            long atStop = load.answered();
            try {
                await("traffic after the stop").atMost(Duration.ofSeconds(30))
                        .until(() -> load.answered() > atStop + 100);
            } catch (ConditionTimeoutException e) {
                // once in CI, with no sign of why: say what the load saw and what the gateway knew
                throw new AssertionError(e.getMessage() + "; at the stop " + atStop + ", now " + load.report()
                        + "; the gateway's /health: " + healthCall(project.container("gateway", 1)).output(), e);
            }
        } finally {
            load.stop();
        }

        assertThat(load.failures()).isEmpty();
        assertThat(Podman.ok(Duration.ofSeconds(30), "podman", "inspect", "--format", "{{.State.Status}}",
                project.container("claude", 2)).trim()).isEqualTo("exited");
        // The two left took the traffic after the stop.
        assertThat(requests(project.container("claude", 1))).isGreaterThan(othersAtStop[0]);
        assertThat(requests(project.container("claude", 3))).isGreaterThan(othersAtStop[1]);
    }

    /**
     * What the network's name service answers at the end, and who serves it: once in CI, after claude_2
     * stopped, the claude role answered that the simulator's name did not resolve (not reproduced here since).
     */
    private static void printNameService() {
        for (int n : List.of(1, 3)) {
            String c = project.container("claude", n);
            // the image has no resolver tool: its name servers, tried in order (the host's own last)
            String seen = Podman.run(Duration.ofSeconds(15), "podman", "exec", c, "cat", "/etc/resolv.conf").output();
            System.out.println("===== name service seen from " + c + "\n" + seen);
        }
        System.out.println("===== dnsmasq on the host\n" + Podman.run(Duration.ofSeconds(15), "bash", "-c",
                "ps -eo pid,lstart,args | grep [d]nsmasq; cat /run/containers/cni/dnsname/" + project.name
                        + "_default/addnhosts").output());
    }

    /** The Switchyard process's request count, from /health on its role port inside its container. */
    private static long requests(String container) {
        Podman.Result r = healthCall(container);
        Matcher m = REQUESTS.matcher(r.output());
        if (!r.ok() || !m.find()) {
            throw new IllegalStateException("no request count from " + container + ": " + r.output());
        }
        return Long.parseLong(m.group(1));
    }

    private static Podman.Result healthCall(String container) {
        return Podman.run(Duration.ofSeconds(15), "podman", "exec", container, "bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/7001; printf 'GET /health HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n' >&3; cat <&3");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
