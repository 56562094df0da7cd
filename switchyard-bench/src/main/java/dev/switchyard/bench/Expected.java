package dev.switchyard.bench;

import dev.switchyard.core.net.WholeResponse;
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
        return WholeResponse.send(client, reference.post(10_000), body)
                .map(resp -> {
                    if (resp.status() != 200) {
                        throw new IllegalStateException(reference + " answered " + resp.status() + ": " + resp.text());
                    }
                    JsonObject json = resp.body().toJsonObject();
                    String text = json.getJsonArray("content").getJsonObject(0).getString("text");
                    int tokens = json.getJsonObject("usage").getInteger("output_tokens");
                    return new Expected(prompt, text, tokens);
                })
                .await(15, TimeUnit.SECONDS);
    }
}
