package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reply's token scan against the tree path ({@link UpstreamStep#messageIn}), the reference: whatever the
 * scan takes as a Message, the tree path takes too, with the same usage and block types, and the events
 * built from either are the same bytes.
 */
class WholeMessageTest {
    private static final String TEXT = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Hello \\u00e9 \\\"there\\\"\"}],\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":9}}";

    static Stream<String> replies() {
        return Stream.of(TEXT,
                "{\"type\":\"message\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"s\"},"
                        + "{\"type\":\"redacted_thinking\",\"data\":\"x\"},{\"type\":\"tool_use\",\"id\":\"t\","
                        + "\"name\":\"f\",\"input\":{\"a\":[1,2.5,true,null]}},{\"type\":\"text\",\"text\":\"\","
                        + "\"citations\":[{\"x\":1}]}],\"usage\":{\"input_tokens\":1,\"output_tokens\":2,"
                        + "\"cache_read_input_tokens\":3}}",
                "{\"type\":\"message\",\"content\":[],\"usage\":null}",
                "{\"type\":\"message\",\"content\":[{\"text\":\"no type\"}]}",
                "{\"type\":\"message\"}",
                "{\"content\":[{\"type\":\"text\",\"text\":\"a\"}],\"usage\":{\"output_tokens\":1},"
                        + "\"type\":\"message\"}",
                "{\"type\":\"message\",\"type\":\"message\",\"content\":[]}",
                "{\"type\":\"message\",\"usage\":{},\"usage\":{\"output_tokens\":5},\"content\":[]}",
                "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"type\":\"tool_use\",\"input\":{}}]}",
                "{\"type\":\"message\",\"content\":[{\"type\":7}]}",
                "{\"type\":\"message\",\"content\":[\"text\"]}",
                "{\"type\":\"message\",\"content\":{\"type\":\"text\"}}",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}",
                "{\"type\":\"message\",\"content\":[]} trailing",
                "{\"type\":\"message\",\"content\":[]}{}",
                "[{\"type\":\"message\"}]", "\"message\"", "", "{",
                "{\"type\":\"message\",\"usage\":{\"output_tokens\":1" + "0".repeat(900) + "},\"content\":[]}");
    }

    @ParameterizedTest
    @MethodSource("replies")
    void scan_handWrittenReply_takesOnlyWhatTheTreePathTakesAlike(String reply) {
        assertAgrees(reply.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void scan_mutationsOfReplies_takeOnlyWhatTheTreePathTakesAlike() {
        Random random = new Random(16);
        List<byte[]> seeds = replies().map(r -> r.getBytes(StandardCharsets.UTF_8)).toList();
        byte[] alphabet = "{}[]\":,0123456789.eE+-truefalsnl \\\u00e9".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            byte[] body = seeds.get(random.nextInt(seeds.size())).clone();
            for (int e = 0, edits = 1 + random.nextInt(3); e < edits && body.length > 0; e++) {
                body[random.nextInt(body.length)] = random.nextInt(8) == 0 ? (byte) random.nextInt(256)
                        : alphabet[random.nextInt(alphabet.length)];
            }
            assertAgrees(body);
        }
    }

    @Test
    void read_usualReply_isScannedWithoutItsTree() {
        WholeMessage message = WholeMessage.read(Buffer.buffer(TEXT));

        assertThat(message.treeIfBuilt()).isNull();
        assertThat(message.blocks()).isEqualTo(1);
        assertThat(message.blockType(0)).isEqualTo("text");
        assertThat(message.usage().path("output_tokens").asLong()).isEqualTo(9);
    }

    @Test
    void read_invalidUtf8InAText_isLeftToTheTreePathWhichRelaysItAsItIs() {
        byte[] body = TEXT.replace("Hello", "H\u00ffllo").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(WholeMessage.scan(Buffer.buffer(body))).isNull();
        assertThat(WholeMessage.read(Buffer.buffer(body))).isNull();
    }

    @ParameterizedTest
    @MethodSource("replies")
    void events_ofAScannedReply_areTheBytesOfTheTreesEvents(String reply) {
        WholeMessage scanned = WholeMessage.scan(Buffer.buffer(reply));
        if (scanned == null) {
            return;
        }
        WholeMessage tree = WholeMessage.of(UpstreamStep.messageIn(Buffer.buffer(reply)));

        assertThat(sse(scanned)).isEqualTo(sse(tree));
    }

    private static String sse(WholeMessage message) {
        StringBuilder out = new StringBuilder();
        MessageEvents.of(message).forEach(e -> out.append(e.sse().toString()));
        return out.toString();
    }

    private static void assertAgrees(byte[] body) {
        WholeMessage scanned = WholeMessage.scan(Buffer.buffer(body));
        if (scanned == null) {
            return;
        }
        ObjectNode tree = UpstreamStep.messageIn(Buffer.buffer(body));
        assertThat(tree).as("the tree path refuses what the scan took: %s", new String(body, StandardCharsets.UTF_8))
                .isNotNull();
        WholeMessage reference = WholeMessage.of(tree);
        assertThat(scanned.usage()).isEqualTo(reference.usage());
        assertThat(scanned.blocks()).isEqualTo(reference.blocks());
        for (int i = 0; i < scanned.blocks(); i++) {
            assertThat(scanned.blockType(i)).isEqualTo(reference.blockType(i));
        }
    }
}
