package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The request parse path on arbitrary bytes: a body either parses or is refused with an
 * {@link ApiException} of type invalid_request_error. Any other exception escaping is a crash (a 500
 * with a stack trace in production). In the normal test run this replays the corpus under
 * {@code src/test/resources/dev/switchyard/gateway/MessagesRequestFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see scripts/fuzz.sh).
 */
class MessagesRequestFuzzTest {

    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void parse_arbitraryBytes_parsesOrRejectsAsInvalidRequest(byte[] body) {
        for (boolean requireMaxTokens : new boolean[] {true, false}) {
            try {
                MessagesRequest req = MessagesRequest.parse(Buffer.buffer(body), requireMaxTokens);
                assertThat(req.model()).isNotEmpty();
                assertThat(req.maxTokens()).isNotNegative();
                if (requireMaxTokens) {
                    assertThat(req.maxTokens()).isPositive();
                }
            } catch (ApiException e) {
                assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST);
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }
}
