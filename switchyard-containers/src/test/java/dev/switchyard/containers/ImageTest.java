package dev.switchyard.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image as built from deploy/image/Dockerfile: run the way the README says (read-only root, a tmpfs /tmp),
 * it becomes healthy by its own HEALTHCHECK command and the official Anthropic Java SDK, pointed at it, gets
 * its answers. The quick-start `run` (no config) serves every role, with its embedded key store on the image's volume and the
 * built-in simulator as upstream.
 */
class ImageTest {
    private static final String CLIENT_KEY = "sk-image-test-" + UUID.randomUUID();
    private static final String NAME = "sy-image-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static String image;
    private static int port;
    private static AnthropicClient sdk;

    @BeforeAll
    static void start() throws IOException {
        image = SwitchyardImage.tag();
        port = freePort();
        Podman.ok(Duration.ofSeconds(60), "podman", "run", "-d", "--name", NAME, "--read-only", "--tmpfs", "/tmp",
                "-p", "127.0.0.1:" + port + ":8080", image, "run", "--client-key", CLIENT_KEY);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Podman.run(Duration.ofSeconds(15), "podman", "healthcheck", "run", NAME).ok());
        sdk = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port).apiKey(CLIENT_KEY).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void stop() {
        if (sdk != null) {
            sdk.close();
        }
        System.out.println(Podman.run(Duration.ofSeconds(30), "podman", "logs", NAME).output());
        Podman.run(Duration.ofSeconds(60), "podman", "rm", "-f", "-v", "-t", "0", NAME);
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder().model("claude-sonnet-4-6").maxTokens(32)
                .addUserMessage("Hello from a container test").build();
    }

    @Test
    void sdkCreate_throughTheContainer_getsAMessage() {
        Message m = sdk.messages().create(params());

        assertThat(m.id()).startsWith("msg_");
        assertThat(m.model().asString()).isEqualTo("claude-sonnet-4-6");
        assertThat(m.content()).isNotEmpty();
        assertThat(m.usage().outputTokens()).isPositive();
    }

    @Test
    void sdkStream_throughTheContainer_endsWithMessageStop() {
        List<RawMessageStreamEvent> events;
        try (StreamResponse<RawMessageStreamEvent> stream = sdk.messages().createStreaming(params())) {
            events = stream.stream().toList();
        }

        assertThat(events).first().matches(RawMessageStreamEvent::isMessageStart);
        assertThat(events).last().matches(RawMessageStreamEvent::isMessageStop);
        assertThat(events).anyMatch(RawMessageStreamEvent::isContentBlockDelta);
    }

    @Test
    void process_inTheContainer_isNonRootOnAReadOnlyRoot() {
        assertThat(Podman.ok(Duration.ofSeconds(30), "podman", "exec", NAME, "id", "-u").trim()).isEqualTo("10001");
        Podman.Result write = Podman.run(Duration.ofSeconds(30), "podman", "exec", NAME, "touch", "/opt/switchyard/x");
        assertThat(write.ok()).as(write.output()).isFalse();
        assertThat(write.output()).contains("Read-only file system");
        // What it does write: its data directory, a volume (the quick start's embedded key store lives there).
        assertThat(Podman.ok(Duration.ofSeconds(30), "podman", "exec", NAME, "ls", "/var/lib/switchyard/data"))
                .isNotBlank();
    }

    @Test
    void imageConfig_asBuilt_hasTheDesignsHealthcheckLabelsAndUser() {
        String format = "{{json .Config.Healthcheck}}|{{.Config.User}}|{{index .Config.Labels \"org.opencontainers.image.title\"}}"
                + "|{{index .Config.Labels \"org.opencontainers.image.version\"}}|{{json .Config.Entrypoint}}|{{.Size}}";
        String[] parts = Podman.ok(Duration.ofSeconds(30), "podman", "image", "inspect", "--format", format, image)
                .trim().split("\\|");

        // Durations in nanoseconds: every 30s, 10s timeout, 5s start period, 3 retries, the image's own check.
        assertThat(parts[0]).contains("\"Test\":[\"CMD\",\"healthcheck\"]", "\"Interval\":30000000000",
                "\"Timeout\":10000000000", "\"StartPeriod\":5000000000", "\"Retries\":3");
        assertThat(parts[1]).isEqualTo("10001:10001");
        assertThat(parts[2]).isEqualTo("Switchyard");
        assertThat(parts[3]).isNotBlank().isNotEqualTo("dev");
        assertThat(parts[4]).isEqualTo("[\"switchyard\"]");
        // The jar (184 MB: Lingua's language models 80 MB, helm's native library for `deploy render` 33 MB)
        // and a jlink'd runtime (82 MB) on the stand-in base (17 MB): 282 MB. A full JDK or a second copy
        // of the jar would not fit.
        assertThat(Long.parseLong(parts[5])).isLessThan(300_000_000L);
    }

    @Test
    void healthcheck_nothingListening_reportsUnhealthy() {
        String idle = NAME + "-idle";
        try {
            Podman.ok(Duration.ofSeconds(60), "podman", "run", "-d", "--name", idle, "--entrypoint", "sleep", image, "60");

            Podman.Result check = Podman.run(Duration.ofSeconds(30), "podman", "healthcheck", "run", idle);

            assertThat(check.ok()).as(check.output()).isFalse();
            assertThat(check.output()).contains("unhealthy");
        } finally {
            Podman.run(Duration.ofSeconds(60), "podman", "rm", "-f", "-v", "-t", "0", idle);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
