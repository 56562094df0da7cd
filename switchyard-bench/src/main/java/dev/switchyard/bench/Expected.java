package dev.switchyard.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * What a stream for a prompt must carry: the text and token count of the non-streaming answer to the
 * same prompt, asked of the simulator directly (its answers depend only on the prompt, streaming or not).
 */
record Expected(String prompt, String text, int tokens) {

    static Expected fetch(HttpClientAgent client, Target reference, String prompt, int maxTokens) throws Exception {
        Buffer body = Bodies.message(prompt, maxTokens, false);
        return client.request(reference.post(10_000)).compose(req -> req.send(body))
                .compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException(reference + " answered " + resp.statusCode() + ": " + b);
                    }
                    JsonObject json = b.toJsonObject();
                    String text = json.getJsonArray("content").getJsonObject(0).getString("text");
                    int tokens = json.getJsonObject("usage").getInteger("output_tokens");
                    return new Expected(prompt, text, tokens);
                }))
                .await(15, TimeUnit.SECONDS);
    }
}
