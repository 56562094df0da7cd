package dev.switchyard.upstream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class HeadRequestTest {
    @Test
    void describe_rootCauseWithAMessageOfItsOwn_isNamedAfterTheMessage() {
        UnknownHostException failure = new UnknownHostException("Failed to resolve 'simulator' [A(1)]");
        failure.initCause(new RuntimeException("wrapped", new IOException("query timed out after 5000 ms")));

        assertThat(HeadRequest.describe(failure))
                .isEqualTo("Failed to resolve 'simulator' [A(1)] (IOException: query timed out after 5000 ms)");
    }

    @Test
    void describe_rootCauseRepeatingTheMessage_orNone_isTheMessageAlone() {
        IOException repeated = new IOException("Connection refused: /127.0.0.1:9",
                new IOException("Connection refused"));

        assertThat(HeadRequest.describe(repeated)).isEqualTo("Connection refused: /127.0.0.1:9");
        assertThat(HeadRequest.describe(new IOException("reset"))).isEqualTo("reset");
    }
}
