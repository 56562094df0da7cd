package dev.switchyard.gateway;

import static dev.switchyard.gateway.StepFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ParseStepTest {
    final AtomicReference<MessagesRequest> parsed = new AtomicReference<>();
    final AtomicReference<Buffer> raw = new AtomicReference<>();

    private ChainHarness harness(Step setup, boolean requireMaxTokens, Step after) throws Exception {
        return new ChainHarness(List.of(setup, new ParseStep(requireMaxTokens), after, doing(ex -> {
            parsed.set(ex.get(ParseStep.REQUEST));
            raw.set(ex.get(ReadBodyStep.RAW_BODY));
        }), ok()));
    }

    private static Step rawBody(String body) {
        return doing(ex -> ex.put(ReadBodyStep.RAW_BODY, Buffer.buffer(body)));
    }

    @Test
    void request_validBody_requestParsedForLaterSteps() throws Exception {
        String body = "{\"model\":\"m1\",\"max_tokens\":7,\"stream\":true,\"messages\":[]}";
        try (ChainHarness h = harness(rawBody(body), true, doing(ex -> {}))) {
            assertThat(h.post("{}").statusCode()).isEqualTo(200);

            assertThat(parsed.get().model()).isEqualTo("m1");
            assertThat(parsed.get().maxTokens()).isEqualTo(7);
            assertThat(parsed.get().stream()).isTrue();
        }
    }

    @Test
    void request_invalidJson_400InvalidRequestAndLaterStepsNotRun() throws Exception {
        try (ChainHarness h = harness(rawBody("{\"model\": "), true, doing(ex -> {}))) {
            var r = h.post("{}");

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(json(r.body()).path("error").path("message").asText()).contains("not valid JSON");
            assertThat(parsed.get()).isNull();
        }
    }

    @Test
    void request_missingMaxTokens_400ForMessagesButAcceptedForCountTokens() throws Exception {
        String body = "{\"model\":\"m1\",\"messages\":[]}";
        try (ChainHarness h = harness(rawBody(body), true, doing(ex -> {}))) {
            var r = h.post("{}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body()).path("error").path("message").asText()).isEqualTo("max_tokens: Field required");
        }
        try (ChainHarness h = harness(rawBody(body), false, doing(ex -> {}))) {
            assertThat(h.post("{}").statusCode()).isEqualTo(200);
            assertThat(parsed.get().model()).isEqualTo("m1");
        }
    }

    @Test
    void request_builtBody_checkedAsItIsWithoutParsingRawBody() throws Exception {
        ObjectNode built = json(BODY);
        Step setup = doing(ex -> {
            ex.put(ReadBodyStep.RAW_BODY, Buffer.buffer(new byte[] {(byte) 0xff, '{', 0, '!'}));
            ex.put(ParseStep.BUILT, built);
        });
        try (ChainHarness h = harness(setup, true, doing(ex -> {}))) {
            assertThat(h.post("{}").statusCode()).isEqualTo(200);

            assertThat(parsed.get().body()).isSameAs(built);
            assertThat(parsed.get().model()).isEqualTo(MODEL);
        }
    }

    @Test
    void request_builtBodyInvalid_400EvenThoughRawBodyIsValid() throws Exception {
        Step setup = doing(ex -> {
            ex.put(ReadBodyStep.RAW_BODY, Buffer.buffer(BODY));
            ex.put(ParseStep.BUILT, json("{\"max_tokens\":5,\"messages\":[]}"));
        });
        try (ChainHarness h = harness(setup, true, doing(ex -> {}))) {
            var r = h.post("{}");

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r.body()).path("error").path("message").asText()).isEqualTo("model: Field required");
        }
    }

    @Test
    void replace_newBody_requestAndRawBodyBothCarryIt_restOfTheRequestKept() throws Exception {
        String body = "{\"model\":\"m1\",\"max_tokens\":7,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"secret\"}]}";
        ObjectNode redacted = json(body.replace("secret", "[redacted]"));
        try (ChainHarness h = harness(rawBody(body), true, doing(ex -> ParseStep.replace(ex, redacted)))) {
            assertThat(h.post("{}").statusCode()).isEqualTo(200);

            assertThat(parsed.get().body()).isSameAs(redacted);
            assertThat(parsed.get().model()).isEqualTo("m1");
            assertThat(parsed.get().maxTokens()).isEqualTo(7);
            assertThat(parsed.get().stream()).isTrue();
            String sent = raw.get().toString(StandardCharsets.UTF_8);
            assertThat(json(sent)).isEqualTo(redacted);
            assertThat(sent).doesNotContain("secret");
        }
    }
}
