package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** What the step tests share: a request body, a caller, steps that set up or look at an exchange, raw HTTP. */
final class StepFixtures {
    static final String MODEL = "claude-sonnet-4-5";
    static final String BODY = "{\"model\":\"" + MODEL + "\",\"max_tokens\":100,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private StepFixtures() {}

    static GatewayMeters meters() {
        return new GatewayMeters(new SimpleMeterRegistry(), m -> m);
    }

    static Principal principal(String... models) {
        return new Principal("key-1", "tenant-1", null, null, Set.of(models), Quota.UNLIMITED, Quota.UNLIMITED);
    }

    /** A step that does something to the exchange on its way in and goes on: setup, or a look at what is there. */
    static Step doing(Consumer<Exchange> action) {
        return ex -> {
            action.accept(ex);
            return Step.NEXT;
        };
    }

    /** A step that looks at the exchange once the client has its answer. */
    static Step whenDone(Consumer<Exchange> action) {
        return new Step() {
            @Override
            public Future<Response> request(Exchange ex) {
                return NEXT;
            }

            @Override
            public void done(Exchange ex, int status) {
                action.accept(ex);
            }
        };
    }

    /** Leaves this principal, body and its parsed request on the exchange, as the earlier steps would. */
    static Step given(Principal principal, String body) {
        return doing(ex -> {
            ex.put(AuthenticateStep.PRINCIPAL, principal);
            ex.put(ReadBodyStep.RAW_BODY, Buffer.buffer(body));
            ex.put(ParseStep.REQUEST, MessagesRequest.parse(Buffer.buffer(body), true));
        });
    }

    /** The last step of a test chain: answers 200 with a small raw body. */
    static Step ok() {
        return ex -> Future.succeededFuture(Response.raw(200, Buffer.buffer("ok")));
    }

    static Step failing(ErrorType type) {
        return ex -> Future.failedFuture(new ApiException(type, "refused by a later step"));
    }

    static ObjectNode json(String text) {
        return ChainTest.parse(text);
    }

    /** A response read off a raw socket: status, lower-case header names, body (by content-length). */
    record RawResponse(int status, Map<String, String> headers, String body) {}

    /** Writes {@code head} (and nothing more) to a new connection; the caller may go on writing. */
    static Socket open(int port, String head) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    static RawResponse read(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new RawResponse(Integer.parseInt(status.split(" ")[1]), headers,
                new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-line: " + out);
            }
            if (b != '\r') {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
