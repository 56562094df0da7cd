package dev.switchyard.gateway;

import static dev.switchyard.gateway.StepFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadBodyStepTest {
    static final int LIMIT = 100;
    static final String CHUNKED_HEAD = "POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n";

    final AtomicReference<Buffer> read = new AtomicReference<>();

    private ChainHarness harness() throws Exception {
        return new ChainHarness(List.of(new ReadBodyStep(LIMIT), doing(ex -> read.set(ex.get(ReadBodyStep.RAW_BODY))),
                ok()));
    }

    @Test
    void request_bodyWithinTheLimit_rawBodyIsWhatWasSent() throws Exception {
        String body = "x".repeat(LIMIT);
        try (ChainHarness h = harness()) {
            assertThat(h.post(body).statusCode()).isEqualTo(200);
            assertThat(read.get().toString(StandardCharsets.UTF_8)).isEqualTo(body);
        }
    }

    @Test
    void request_bodyOverTheLimit_413RequestTooLarge() throws Exception {
        String body = "x".repeat(LIMIT + 1);
        // A raw socket: the JDK client refuses the response's "connection: close" header.
        try (ChainHarness h = harness();
                Socket s = open(h.port(), "POST / HTTP/1.1\r\nhost: x\r\ncontent-length: " + body.length() + "\r\n\r\n"
                        + body)) {
            RawResponse r = read(s);

            assertThat(r.status()).isEqualTo(413);
            assertThat(json(r.body()).path("error").path("type").asText()).isEqualTo("request_too_large");
            assertThat(read.get()).isNull();
        }
    }

    @Test
    void request_declaredLengthOverTheLimit_refusedBeforeABodyByteIsSent() throws Exception {
        try (ChainHarness h = harness();
                Socket s = open(h.port(), "POST / HTTP/1.1\r\nhost: x\r\ncontent-length: " + (LIMIT + 1) + "\r\n\r\n")) {
            // Not a byte of the body is sent: a step that waited for it would never answer.
            RawResponse r = read(s);

            assertThat(r.status()).isEqualTo(413);
            assertThat(json(r.body()).path("error").path("type").asText()).isEqualTo("request_too_large");
            assertThat(read.get()).isNull();
        }
    }

    @Test
    void request_chunkedBodyPastTheLimit_countedAndRefusedWithoutItsEnd() throws Exception {
        try (ChainHarness h = harness(); Socket s = open(h.port(), CHUNKED_HEAD)) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 3; i++) {
                out.write(chunk("y".repeat(40)));
            }
            out.flush();
            // No last chunk is sent: the limit, not the end of the body, must decide.
            RawResponse r = read(s);

            assertThat(r.status()).isEqualTo(413);
            assertThat(read.get()).isNull();
        }
    }

    @Test
    void request_chunkedBodyWithinTheLimit_readWhole() throws Exception {
        try (ChainHarness h = harness(); Socket s = open(h.port(), CHUNKED_HEAD)) {
            OutputStream out = s.getOutputStream();
            out.write(chunk("a".repeat(45)));
            out.write(chunk("b".repeat(45)));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertThat(read(s).status()).isEqualTo(200);
            await().until(() -> read.get() != null);
            assertThat(read.get().toString(StandardCharsets.UTF_8)).isEqualTo("a".repeat(45) + "b".repeat(45));
        }
    }

    private static byte[] chunk(String data) {
        return (Integer.toHexString(data.length()) + "\r\n" + data + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
