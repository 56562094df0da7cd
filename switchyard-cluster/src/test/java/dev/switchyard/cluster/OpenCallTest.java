package dev.switchyard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenCallTest {

    /**
     * A paused answer whose body and end are already queued: once resumed, its connection's event loop may
     * deliver the end at any moment, here at once. As Vert.x's response does, an end that finds nobody asking
     * for the body is dropped.
     */
    private static final class QueuedAnswer {
        final List<String> calls = new ArrayList<>();
        Promise<Buffer> body;

        HttpClientResponse response() {
            return (HttpClientResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpClientResponse.class}, (proxy, method, args) -> {
                        calls.add(method.getName());
                        switch (method.getName()) {
                            case "body" -> {
                                body = Promise.promise();
                                return body.future();
                            }
                            case "resume" -> {
                                if (body != null) {
                                    body.complete(Buffer.buffer("{\"id\":\"one\"}"));
                                }
                                return proxy;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }

    @Test
    void body_endDeliveredAsSoonAsTheAnswerResumes_isNotLost() {
        // FailoverTest hung about once in 60 runs: the call's caller, off the event loop, resumed the answer
        // and only then asked for its body, and the end had come in between.
        QueuedAnswer answer = new QueuedAnswer();
        OpenCall call = new OpenCall(null, null, answer.response(), null, () -> {});

        Future<Buffer> body = call.body();

        assertThat(body.succeeded()).as("the body after %s", answer.calls).isTrue();
        assertThat(body.result().toString()).isEqualTo("{\"id\":\"one\"}");
        assertThat(answer.calls).containsExactly("body", "resume");
    }
}
