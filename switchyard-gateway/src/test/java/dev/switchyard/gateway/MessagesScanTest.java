package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.error.ApiException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The token scan against the tree path, which is the reference: whatever the scan accepts, the tree path
 * accepts with the same model, stream flag and max_tokens. The scan may hand a body to the tree path
 * (returning null) but never accept one the tree path refuses.
 */
class MessagesScanTest {
    private static final String OK = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":16,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final Path CORPUS = Path.of("src/test/resources/dev/switchyard/gateway/"
            + "MessagesRequestFuzzTestInputs/parse_arbitraryBytes_parsesOrRejectsAsInvalidRequest");

    static Stream<String> bodies() {
        return Stream.of(OK,
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"stream\":true,\"temperature\":0.5,\"top_k\":3}",
                "{\"model\":\"m\",\"max_tokens\":9223372036854775807,\"messages\":[]}",
                "{\"model\":\"m\",\"max_tokens\":9223372036854775808,\"messages\":[]}",
                "{\"model\":\"m\",\"max_tokens\":16.0,\"messages\":[]}",
                "{\"model\":\"m\",\"max_tokens\":-3,\"messages\":[]}",
                "{\"model\":\"m\",\"max_tokens\":null,\"messages\":[]}",
                "{\"model\":\"m\",\"messages\":[]}",
                "{\"model\":\"\",\"max_tokens\":1,\"messages\":[]}",
                "{\"model\":null,\"max_tokens\":1,\"messages\":[]}",
                "{\"model\":\"" + "m".repeat(MessagesRequest.MAX_MODEL_LENGTH) + "\",\"max_tokens\":1,\"messages\":[]}",
                "{\"model\":\"" + "m".repeat(MessagesRequest.MAX_MODEL_LENGTH + 1)
                        + "\",\"max_tokens\":1,\"messages\":[]}",
                "{\"model\":\"m\",\"model\":\"n\",\"max_tokens\":1,\"messages\":[]}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"role\":\"user\","
                        + "\"content\":\"a\"}]}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"a\"}]}]}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\"}]}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"system\",\"content\":\"a\"}]}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":null}]}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":{}}]}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[\"user\"]}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":null}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"stream\":null}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"stream\":1}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"temperature\":1e999}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"top_p\":1" + "0".repeat(400) + "}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"temperature\":\"hot\"}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]} ",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]} {}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}]",
                "[{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}]",
                "\"text\"", "null", "{}", "{\"model\":", "  ",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"x\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
                "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"metadata\":{\"user_id\":\"u\",\"n\":[1,2.5,-0]}}");
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void scan_handWrittenBody_acceptsOnlyWhatTheTreePathAcceptsAlike(String body) {
        assertAgrees(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void scan_fuzzCorpus_acceptsOnlyWhatTheTreePathAcceptsAlike() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path file : files.toList()) {
                assertAgrees(Files.readAllBytes(file));
            }
        }
    }

    @Test
    void scan_mutationsOfValidBodies_acceptOnlyWhatTheTreePathAcceptsAlike() {
        Random random = new Random(15);
        List<byte[]> seeds = new ArrayList<>();
        bodies().forEach(b -> seeds.add(b.getBytes(StandardCharsets.UTF_8)));
        byte[] alphabet = "{}[]\":,0123456789.eE+-truefalsnl \\\u00e9".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            byte[] body = seeds.get(random.nextInt(seeds.size())).clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && body.length > 0; e++) {
                int at = random.nextInt(body.length);
                body[at] = random.nextInt(8) == 0 ? (byte) random.nextInt(256)
                        : alphabet[random.nextInt(alphabet.length)];
            }
            assertAgrees(body);
        }
    }

    @Test
    void scan_invalidUtf8InASkippedString_isLeftToTheTreePathWhichRefusesIt() {
        byte[] body = OK.replace("\"hi\"", "\"h\u00ffi\"").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(MessagesScan.scan(body, true)).isNull();
        assertThatThrownBy(() -> MessagesRequest.parse(Buffer.buffer(body), true)).isInstanceOf(ApiException.class);
    }

    @Test
    void scan_usualBodies_areAcceptedWithTheirFields() {
        assertThat(MessagesScan.scan(OK.getBytes(StandardCharsets.UTF_8), true))
                .isEqualTo(new MessagesScan.Accepted("claude-sonnet-4-6", false, 16));
        String streamed = "{\"model\":\"m\",\"max_tokens\":1024,\"stream\":true,\"system\":[{\"type\":\"text\","
                + "\"text\":\"be brief\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},{\"role\":\"assistant\",\"content\":\"yes\"}],"
                + "\"temperature\":0,\"tools\":[{\"name\":\"t\",\"input_schema\":{\"type\":\"object\"}}]}";
        assertThat(MessagesScan.scan(streamed.getBytes(StandardCharsets.UTF_8), true))
                .isEqualTo(new MessagesScan.Accepted("m", true, 1024));
        assertThat(MessagesScan.scan("{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8),
                false)).isEqualTo(new MessagesScan.Accepted("m", false, 0));
    }

    @Test
    void parse_validBody_buildsNoTreeUntilAStepAsksForOne() {
        MessagesRequest req = MessagesRequest.parse(Buffer.buffer(OK), true);

        assertThat(req.bodyIfParsed()).isNull();
        assertThat(req.body().path("messages").get(0).path("content").asText()).isEqualTo("hi");
        assertThat(req.bodyIfParsed()).isSameAs(req.body());
    }

    private static void assertAgrees(byte[] body) {
        for (boolean requireMaxTokens : new boolean[] {true, false}) {
            MessagesScan.Accepted fast = MessagesScan.scan(body, requireMaxTokens);
            if (fast == null) {
                continue;
            }
            MessagesRequest reference;
            try {
                reference = MessagesRequest.parseTree(body, requireMaxTokens);
            } catch (ApiException e) {
                throw new AssertionError("the scan accepted what the tree path refuses (" + e.getMessage() + "): "
                        + new String(body, StandardCharsets.UTF_8), e);
            }
            assertThat(fast.model()).isEqualTo(reference.model());
            assertThat(fast.stream()).isEqualTo(reference.stream());
            assertThat(fast.maxTokens()).isEqualTo(reference.maxTokens());
        }
    }
}
