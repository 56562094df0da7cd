package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesRequestTest {
    private static final String OK = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":16,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"future_field\":{\"x\":1}}";

    @Test
    void parse_validBody_keepsUnknownFields() {
        MessagesRequest r = MessagesRequest.parse(Buffer.buffer(OK), true);

        assertThat(r.model()).isEqualTo("claude-sonnet-4-6");
        assertThat(r.stream()).isFalse();
        assertThat(r.body().get("future_field").get("x").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"max_tokens\":1,\"messages\":[]}                                  | model: Field required",
        "{\"model\":5,\"max_tokens\":1,\"messages\":[]}                      | model: Input should be a non-empty string",
        "{\"model\":\"m\",\"messages\":[]}                                   | max_tokens: Field required",
        "{\"model\":\"m\",\"max_tokens\":\"9\",\"messages\":[]}              | max_tokens: Input should be a valid integer",
        "{\"model\":\"m\",\"max_tokens\":0,\"messages\":[]}                  | max_tokens: Input should be a valid integer",
        "{\"model\":\"m\",\"max_tokens\":1}                                  | messages: Field required",
        "{\"model\":\"m\",\"max_tokens\":1,\"messages\":{}}                  | messages: Input should be a valid list",
        "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"x\",\"content\":\"a\"}]} | messages.0.role",
        "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"stream\":\"yes\"} | stream: Input should be a valid boolean",
        "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"temperature\":1e999} | temperature: Input should be a finite number",
        "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"top_p\":-1e999}     | top_p: Input should be a finite number",
        "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"top_k\":1e400}      | top_k: Input should be a finite number",
        "[1,2]                                                               | must be a JSON object",
        "{\"model\":                                                         | not valid JSON",
        "{\"model\":\"m\"} trailing                                          | not valid JSON",
    })
    void parse_badBody_isInvalidRequestNamingTheField(String body, String message) {
        assertThatThrownBy(() -> MessagesRequest.parse(Buffer.buffer(body.trim()), true))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST))
                .hasMessageContaining(message);
    }

    @Test
    void parse_countTokens_doesNotNeedMaxTokens() {
        MessagesRequest r = MessagesRequest.parse(Buffer.buffer("{\"model\":\"m\",\"messages\":[]}"), false);

        assertThat(r.model()).isEqualTo("m");
    }

    @Test
    void parse_modelIdOfAMegabyte_isInvalidRequestBeforeItReachesTheLedger() {
        String body = "{\"model\":\"" + "m".repeat(1 << 20) + "\",\"max_tokens\":1,\"messages\":[]}";

        assertThatThrownBy(() -> MessagesRequest.parse(Buffer.buffer(body), true))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("model: String should have at most 256 characters");
    }

    @Test
    void parse_deepNesting_isRejectedByTheParserLimit() {
        String deep = "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

        assertThatThrownBy(() -> MessagesRequest.parse(Buffer.buffer(deep), true))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("parser limit");
    }

    @Test
    void parse_invalidUtf8_isInvalidRequest() {
        Buffer body = Buffer.buffer("{\"model\":\"").appendBytes(new byte[] {(byte) 0xC3, (byte) 0x28})
                .appendString("\",\"max_tokens\":1,\"messages\":[]}");

        assertThatThrownBy(() -> MessagesRequest.parse(body, true))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void parse_emptyBody_isInvalidRequest() {
        assertThatThrownBy(() -> MessagesRequest.parse(Buffer.buffer(), true)).hasMessageContaining("empty");
    }
}
