package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The strict decoder finds folds and framing problems however the bytes are split into reads. */
class StrictRequestDecoderTest {
    private static final String GOOD = "POST /v1/messages HTTP/1.1\r\nHost: x\r\ncontent-length: 5\r\n\r\nhello";
    private final AtomicInteger headBytes = new AtomicInteger();

    private List<Object> decode(String bytes, int readSize) {
        EmbeddedChannel ch = new EmbeddedChannel(new StrictRequestDecoder(new HttpServerOptions(), headBytes::incrementAndGet));
        byte[] all = bytes.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < all.length; i += readSize) {
            ch.writeInbound(Unpooled.wrappedBuffer(all, i, Math.min(readSize, all.length - i)));
        }
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
            ReferenceCountUtil.release(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    private static List<Boolean> requestResults(List<Object> out) {
        return out.stream().filter(o -> o instanceof HttpRequest).map(o -> ((HttpRequest) o).decoderResult().isSuccess())
                .toList();
    }

    @Test
    void pipelinedRequests_byteByByte_allDecodedAndValid() {
        String three = GOOD + GOOD.replace("5\r\n\r\nhello", "0\r\n\r\n") + GOOD;
        for (int readSize : new int[] {1, 2, 7, 1000}) {
            List<Object> out = decode(three, readSize);

            assertThat(requestResults(out)).as("read size %d", readSize).containsExactly(true, true, true);
            assertThat(out.stream().filter(o -> o instanceof LastHttpContent).count()).isEqualTo(3);
        }
        assertThat(headBytes.get()).isPositive();
    }

    @Test
    void foldInSecondRequest_byteByByte_isInvalidAndNothingFollows() {
        String folded = "POST /v1/messages HTTP/1.1\r\nHost: x\r\nx-a: 1\r\n\tcontent-length: 5\r\n\r\nhello";
        for (int readSize : new int[] {1, 3, 1000}) {
            List<Object> out = decode(GOOD + folded + GOOD, readSize);

            assertThat(requestResults(out)).as("read size %d", readSize).containsExactly(true, false);
        }
    }

    @Test
    void foldLikeBytesInABody_areNotFolds() {
        String body = "ab\r\n c";
        String request = "POST / HTTP/1.1\r\nHost: x\r\ncontent-length: " + body.length() + "\r\n\r\n" + body;

        assertThat(requestResults(decode(request + request, 1))).containsExactly(true, true);
    }

    @Test
    void badChunkSize_isAnInvalidContent() {
        List<Object> out = decode("POST / HTTP/1.1\r\nHost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                1000);

        assertThat(requestResults(out)).containsExactly(true);
        assertThat(out.stream().filter(o -> o instanceof HttpContent c && !c.decoderResult().isSuccess())).hasSize(1);
    }

    @Test
    void framingProblem_namesEachAmbiguousForm() {
        var h = new io.netty.handler.codec.http.DefaultHttpHeaders();
        assertThat(StrictRequestDecoder.framingProblem(h)).isNull();
        h.set("transfer-encoding", "Chunked");
        assertThat(StrictRequestDecoder.framingProblem(h)).isNull();
        h.set("transfer-encoding", "chunked, identity");
        assertThat(StrictRequestDecoder.framingProblem(h)).contains("exactly");
        h.set("transfer-encoding", "chunked").add("content-length", "5");
        assertThat(StrictRequestDecoder.framingProblem(h)).contains("both");
    }
}
