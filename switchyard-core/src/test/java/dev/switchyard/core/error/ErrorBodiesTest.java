package dev.switchyard.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorBodiesTest {

    /**
     * Found by SecretHygieneTest: messages echo what the client sent (a path, a model id, an admin id),
     * so a key put there came back in the error body, where proxies and client logs keep it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sk-sy-u7FJn2jTRJHmallatkx_PBzksyWW6IIN0CkUjGa2svw", "sk-ant-" + "api03-not-a-real-key-0000",
            "sk-upstream-deployment-key-42", "SK-SY-ADMIN-DFAC36DA8437496287B2C9"})
    void json_messageEchoingAKey_keyIsRedacted(String key) {
        String body = ErrorBodies.json(ErrorType.NOT_FOUND, "no route for POST /v1/" + key + "/x", "req_1");
        String event = ErrorBodies.sseEvent(ErrorType.NOT_FOUND, "model: " + key, "req_1");

        assertThat(body).doesNotContain(key.substring(key.length() - 12))
                .contains("no route for POST /v1/sk-[redacted]/x");
        assertThat(event).doesNotContain(key.substring(key.length() - 12)).contains("model: sk-[redacted]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"max_tokens: Field required", "model: claude-sonnet-4-6", "task-runner", "sk-short"})
    void json_messageWithoutAKey_isUnchanged(String message) {
        assertThat(ErrorBodies.json(ErrorType.INVALID_REQUEST, message, null)).contains("\"message\":\"" + message + "\"");
    }
}
