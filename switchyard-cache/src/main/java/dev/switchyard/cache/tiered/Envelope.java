package dev.switchyard.cache.tiered;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What L2 stores: a CBOR map {v: format version, k: kind, t: stored-at epoch millis, z: compressed,
 * d: bytes}. The version lets a later format coexist with this one during a rolling upgrade (an unknown
 * version is a miss); the stored-at time gives an L2 hit its remaining time to live without a PTTL call.
 */
record Envelope(
        @JsonProperty("v") int version,
        @JsonProperty("k") String kind,
        @JsonProperty("t") long storedAtMillis,
        @JsonProperty("z") boolean compressed,
        @JsonProperty("d") byte[] data) {

    static final int VERSION = 1;
    /** A compressed value inflating past this is treated as corrupt rather than filling the heap. */
    static final int MAX_INFLATED_BYTES = 64 << 20;
    private static final CBORMapper MAPPER = new CBORMapper();

    static byte[] encode(String kind, long storedAtMillis, byte[] value, int compressAboveBytes) {
        boolean compress = value.length > compressAboveBytes;
        Envelope e = new Envelope(VERSION, kind, storedAtMillis, compress, compress ? gzip(value) : value);
        try {
            return MAPPER.writeValueAsBytes(e);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The envelope, or an exception for anything that is not one of ours in this version. */
    static Envelope decode(byte[] stored) throws IOException {
        Envelope e = MAPPER.readValue(stored, Envelope.class);
        if (e.version != VERSION || e.kind == null || e.data == null) {
            throw new IOException("not a version " + VERSION + " cache envelope");
        }
        return e;
    }

    byte[] value() throws IOException {
        return compressed ? gunzip(data) : data;
    }

    private static byte[] gzip(byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(data))) {
            byte[] out = z.readNBytes(MAX_INFLATED_BYTES + 1);
            if (out.length > MAX_INFLATED_BYTES) {
                throw new IOException("compressed value inflates past " + MAX_INFLATED_BYTES + " bytes");
            }
            return out;
        }
    }
}
