package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} Node package (pinned in src/test/node/openai-sdk/package.json, installed
 * with npm into target/ once) against the gateway. A machine without node or npm reports this test as
 * skipped, saying why; a failed install fails it.
 */
class OpenAiNodeSdkTest {
    private static final Path SOURCE = Path.of("src/test/node/openai-sdk");
    private static final Path WORK = Path.of("target/openai-node");
    private static Harness harness;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(NodeCommands.onPath("node") && NodeCommands.onPath("npm"),
                "node and npm are needed for the openai Node package test and are not on PATH");
        install();
        harness = new Harness().deployment("primary", "claude-sonnet-4-6").start();
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void nodeSdk_createStreamToolsAndErrors_seeOpenAisApi() throws Exception {
        String line = run(List.of("node", "chat.mjs", harness.baseUrl() + "/v1", Harness.CLIENT_KEY,
                "claude-sonnet-4-6"), 120);
        JsonNode out = Json.mapper().readTree(line);

        assertThat(out.get("text").asText()).isNotBlank();
        assertThat(out.get("finish").asText()).isEqualTo("stop");
        assertThat(out.get("streamed").asText()).isEqualTo(out.get("text").asText());
        assertThat(out.at("/streamUsage/completion_tokens").asLong()).isPositive();
        assertThat(out.get("toolName").asText()).isEqualTo("get_weather");
        assertThat(out.get("toolArgs").asText()).isEqualTo("{\"request\":\"Please call get_weather for Oslo\"}");
        assertThat(out.get("afterTool").asText()).isEqualTo("stop");
        assertThat(out.get("badKey").asText()).isEqualTo("AuthenticationError 401");
        assertThat(out.get("noModel").asText()).isEqualTo("NotFoundError 404");
        assertThat(out.get("twoChoices").asText()).isEqualTo("BadRequestError 400");
    }

    /** npm install into target/, skipped when the pinned package.json is already installed there. */
    private static void install() throws Exception {
        Files.createDirectories(WORK);
        byte[] wanted = Files.readAllBytes(SOURCE.resolve("package.json"));
        Path installed = WORK.resolve("package.json");
        boolean current = Files.exists(WORK.resolve("node_modules/openai/package.json")) && Files.exists(installed)
                && java.util.Arrays.equals(Files.readAllBytes(installed), wanted);
        Files.copy(SOURCE.resolve("chat.mjs"), WORK.resolve("chat.mjs"), StandardCopyOption.REPLACE_EXISTING);
        if (!current) {
            Files.write(installed, wanted);
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--ignore-scripts"), 300);
        }
    }

    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        return NodeCommands.lastLine(WORK, command, seconds);
    }
}
