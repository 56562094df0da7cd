package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * One event of a Messages response ({@code message_start}, {@code content_block_delta}, ...), the one
 * shape a response has in the chain whether it arrived as a stream, as a whole body or from the cache.
 *
 * <p>An event received from a stream keeps its bytes and is parsed only when a step asks for its data;
 * passed on untouched, it is written to the client as it came. A step that changes an event emits a new
 * one made with {@link #of}; the data of an event must not be changed in place, since its bytes would
 * then no longer say the same.
 */
final class ResponseEvent {
    private final String type;
    private final boolean original;
    private final boolean streamed;
    private Buffer sse;
    private byte[] dataBytes;
    private JsonNode data;
    /** Builds the data of a part on first use: most parts of a whole message are never looked into. */
    private Supplier<? extends JsonNode> lazy;
    /** The whole message a part was taken from (null for a streamed or a step's event). */
    private WholeMessage whole;

    private ResponseEvent(String type, boolean original, Buffer sse, byte[] dataBytes, JsonNode data) {
        this(type, original, sse != null, sse, dataBytes, data);
    }

    private ResponseEvent(String type, boolean original, boolean streamed, Buffer sse, byte[] dataBytes,
            JsonNode data) {
        this.type = type;
        this.original = original;
        this.streamed = streamed;
        this.sse = sse;
        this.dataBytes = dataBytes;
        this.data = data;
    }

    /** As received on a stream: its framed bytes and the bytes of its data field. */
    static ResponseEvent received(String type, Buffer sse, byte[] data) {
        return new ResponseEvent(type, true, sse, data, null);
    }

    /**
     * Part of the whole message {@code whole} taken apart (a body or a cache entry), not changed by any
     * step yet; its data is built only if a step asks for it.
     */
    static ResponseEvent part(String type, WholeMessage whole, Supplier<? extends JsonNode> data) {
        ResponseEvent e = new ResponseEvent(type, true, null, null, null);
        e.lazy = data;
        e.whole = whole;
        return e;
    }

    /** An event a step made or changed. */
    static ResponseEvent of(String type, ObjectNode data) {
        return new ResponseEvent(type, false, null, null, data);
    }

    /**
     * An event already framed for the client in another API's form (an OpenAI chunk): written as these
     * bytes; its data is not a Messages event, so later stages must not read it.
     */
    static ResponseEvent framed(String type, Buffer sse) {
        return new ResponseEvent(type, false, false, sse, null, null);
    }

    String type() {
        return type;
    }

    /** True for an event read off an upstream stream (not taken from a whole message, not made by a step). */
    boolean streamed() {
        return streamed;
    }

    /**
     * The whole message this event is an unchanged part of, or null (a streamed event, or one a step
     * made). A step that needs only what the whole message says (its usage) reads it here rather than
     * have the event's own data built.
     */
    WholeMessage whole() {
        return whole;
    }

    /** True while no step has replaced it: the source's own event. */
    boolean original() {
        return original;
    }

    /** Its data, parsed on first use; a missing node when the data is not JSON. Do not modify it. */
    JsonNode data() {
        if (data == null) {
            data = lazy != null ? lazy.get() : parse();
            lazy = null;
        }
        return data;
    }

    /** The event framed for an SSE stream. */
    Buffer sse() {
        if (sse == null) {
            byte[] json = dataBytes != null ? dataBytes : data().toString().getBytes(StandardCharsets.UTF_8);
            sse = Buffer.buffer(json.length + type.length() + 18)
                    .appendString("event: ").appendString(type).appendString("\ndata: ")
                    .appendBytes(json).appendString("\n\n");
        }
        return sse;
    }

    private JsonNode parse() {
        if (dataBytes == null) {
            return Json.mapper().missingNode();
        }
        try {
            JsonNode n = Json.mapper().readTree(dataBytes);
            return n == null ? Json.mapper().missingNode() : n;
        } catch (Exception e) {
            // Malformed data is the client's to see and its SDK's to reject; steps just find nothing in it.
            return Json.mapper().missingNode();
        }
    }

    @Override
    public String toString() {
        return type;
    }
}
