package dev.switchyard.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyRedactionTest {

    @Test
    void redact_keyInAnyCase_isHidden() {
        assertThat(KeyRedaction.redact("model sk-sy-example-fixture")).isEqualTo("model sk-[redacted]");
        assertThat(KeyRedaction.redact("SK-SY-ABCDEFGHIJ")).isEqualTo("sk-[redacted]");
        assertThat(KeyRedaction.redact("x Sk-sy-0123456789 and sK-ant-zyxwvutsrq"))
                .isEqualTo("x sk-[redacted] and sk-[redacted]");
    }

    @Test
    void redact_keyAtStartOrEnd_isHidden() {
        assertThat(KeyRedaction.redact("sk-sy-abcdefgh")).isEqualTo("sk-[redacted]");
        assertThat(KeyRedaction.redact("/v1/models/sk-sy-abcdefgh")).isEqualTo("/v1/models/sk-[redacted]");
    }

    @Test
    void redact_modelIdsAndShortOrUnboundedText_areUnchanged() {
        String model = "claude-sonnet-4-6";
        assertThat(KeyRedaction.redact(model)).isSameAs(model);
        assertThat(KeyRedaction.redact("task-sk-")).isEqualTo("task-sk-");
        assertThat(KeyRedaction.redact("sk-short")).isEqualTo("sk-short");
        assertThat(KeyRedaction.redact("ask-abcdefghij")).isEqualTo("ask-abcdefghij"); // no word boundary
        assertThat(KeyRedaction.redact("-")).isEqualTo("-");
        assertThat(KeyRedaction.redact("k-")).isEqualTo("k-");
        assertThat(KeyRedaction.redact("")).isEmpty();
        assertThat(KeyRedaction.redact(null)).isNull();
    }
}
