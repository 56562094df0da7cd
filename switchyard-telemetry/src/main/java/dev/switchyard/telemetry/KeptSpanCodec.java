package dev.switchyard.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A kept trace's spans as one byte array. Kept traces outlive several young collections, and a collection
 * copies a primitive array in one move but an object graph object by object: as {@link KeptSpan} records
 * (attribute arrays, boxed numbers, strings) a thousand traces were 1.6 MB of survivors, re-copied at every
 * young collection. Reading one back happens only for {@code /admin/traces}. Attribute values other than
 * strings, longs, doubles and booleans (arrays) are kept as their text, which is how the trace views show them.
 */
final class KeptSpanCodec {
    private static final byte STRING = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte BOOLEAN = 3;

    private KeptSpanCodec() {}

    static byte[] encode(List<KeptSpan> spans) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * spans.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(spans.size());
            for (KeptSpan s : spans) {
                writeString(out, s.spanId());
                out.writeBoolean(s.parentSpanId() != null);
                if (s.parentSpanId() != null) {
                    writeString(out, s.parentSpanId());
                }
                out.writeBoolean(s.parentRemote());
                writeString(out, s.name());
                out.writeByte(s.kind().ordinal());
                out.writeLong(s.startEpochNanos());
                out.writeLong(s.endEpochNanos());
                out.writeByte(s.status().ordinal());
                writeAttributes(out, s.attributes());
                out.writeInt(s.events().size());
                for (EventData e : s.events()) {
                    writeString(out, e.getName());
                    out.writeLong(e.getEpochNanos());
                    writeAttributes(out, e.getAttributes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    static List<KeptSpan> decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int count = in.readInt();
            List<KeptSpan> spans = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String spanId = readString(in);
                String parent = in.readBoolean() ? readString(in) : null;
                boolean remote = in.readBoolean();
                String name = readString(in);
                SpanKind kind = SpanKind.values()[in.readByte()];
                long start = in.readLong();
                long end = in.readLong();
                StatusCode status = StatusCode.values()[in.readByte()];
                Attributes attributes = readAttributes(in);
                int eventCount = in.readInt();
                List<EventData> events = new ArrayList<>(eventCount);
                for (int e = 0; e < eventCount; e++) {
                    String eventName = readString(in);
                    long at = in.readLong();
                    events.add(EventData.create(at, eventName, readAttributes(in)));
                }
                spans.add(new KeptSpan(spanId, parent, remote, name, kind, start, end, status, attributes,
                        List.copyOf(events)));
            }
            return List.copyOf(spans);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // only what encode wrote is ever read
        }
    }

    private static void writeAttributes(DataOutputStream out, Attributes attributes) throws IOException {
        out.writeInt(attributes.size());
        for (var entry : attributes.asMap().entrySet()) {
            writeString(out, entry.getKey().getKey());
            switch (entry.getValue()) {
                case Long l -> {
                    out.writeByte(LONG);
                    out.writeLong(l);
                }
                case Double d -> {
                    out.writeByte(DOUBLE);
                    out.writeDouble(d);
                }
                case Boolean b -> {
                    out.writeByte(BOOLEAN);
                    out.writeBoolean(b);
                }
                default -> {
                    out.writeByte(STRING);
                    writeString(out, String.valueOf(entry.getValue()));
                }
            }
        }
    }

    private static Attributes readAttributes(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count == 0) {
            return Attributes.empty();
        }
        AttributesBuilder builder = Attributes.builder();
        for (int i = 0; i < count; i++) {
            String key = readString(in);
            switch (in.readByte()) {
                case LONG -> builder.put(AttributeKey.longKey(key), in.readLong());
                case DOUBLE -> builder.put(AttributeKey.doubleKey(key), in.readDouble());
                case BOOLEAN -> builder.put(AttributeKey.booleanKey(key), in.readBoolean());
                default -> builder.put(AttributeKey.stringKey(key), readString(in));
            }
        }
        return builder.build();
    }

    /** Length and UTF-8 bytes: unlike writeUTF, no 64 KB limit on a value. */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
