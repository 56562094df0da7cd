package dev.switchyard.cache.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void encode_smallValue_roundTripsUncompressed() throws Exception {
        byte[] value = "hello".getBytes(StandardCharsets.UTF_8);
        Envelope e = Envelope.decode(Envelope.encode("translation", 42L, value, 10));
        assertThat(e.compressed()).isFalse();
        assertThat(e.kind()).isEqualTo("translation");
        assertThat(e.storedAtMillis()).isEqualTo(42L);
        assertThat(e.value()).isEqualTo(value);
    }

    @Test
    void encode_valueOverThreshold_roundTripsCompressedAndSmaller() throws Exception {
        byte[] value = "abcdefgh".repeat(2000).getBytes(StandardCharsets.UTF_8);
        byte[] stored = Envelope.encode("api_response", 1L, value, 1024);
        Envelope e = Envelope.decode(stored);
        assertThat(e.compressed()).isTrue();
        assertThat(stored.length).isLessThan(value.length / 4);
        assertThat(e.value()).isEqualTo(value);
    }

    @Test
    void decode_unknownVersion_throws() throws Exception {
        byte[] v2 = new CBORMapper().writeValueAsBytes(new Envelope(2, "translation", 1L, false, new byte[] {1}));
        assertThatThrownBy(() -> Envelope.decode(v2)).isInstanceOf(IOException.class);
    }

    @Test
    void decode_garbage_throws() {
        assertThatThrownBy(() -> Envelope.decode("not cbor at all".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void value_compressedFlagOnPlainBytes_throws() {
        Envelope lying = new Envelope(1, "translation", 1L, true, new byte[] {1, 2, 3});
        assertThatThrownBy(lying::value).isInstanceOf(IOException.class);
    }
}
