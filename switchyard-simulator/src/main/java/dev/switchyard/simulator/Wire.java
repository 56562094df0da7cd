package dev.switchyard.simulator;

import io.netty.util.AsciiString;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Renders answers byte for byte. Fixed events are built once and shared by every stream (Vert.x writes
 * a slice of a buffer, so one buffer can be written many times from any loop); the variable parts are
 * appended between precomputed fragments instead of going through a JSON tree.
 */
final class Wire {
    static final Buffer CONTENT_BLOCK_START = event("content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    static final Buffer PING = event("ping", "{\"type\":\"ping\"}");
    static final Buffer CONTENT_BLOCK_STOP = event("content_block_stop",
            "{\"type\":\"content_block_stop\",\"index\":0}");
    static final Buffer MESSAGE_STOP = event("message_stop", "{\"type\":\"message_stop\"}");
    /** The malformed-SSE fault: a known event name so that parsers dispatching on it meet the bad data. */
    static final Buffer MALFORMED = Buffer.buffer("event: content_block_delta\ndata: {not json\n\n");

    static final String END_TURN = "end_turn";
    static final String MAX_TOKENS = "max_tokens";

    private static final byte[] ID = ascii("{\"id\":\"");
    private static final byte[] START_HEAD = ascii(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"");
    private static final byte[] MODEL = ascii("\",\"type\":\"message\",\"role\":\"assistant\",\"model\":");
    private static final byte[] START_BODY = ascii(
            ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":");
    private static final byte[] CACHE_ZERO = ascii(
            ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":");
    private static final byte[] START_TAIL = ascii("1}}}\n\n");
    private static final byte[] TEXT_HEAD = ascii(",\"content\":[{\"type\":\"text\",\"text\":\"");
    private static final byte[] STOP_REASON = ascii("\"}],\"stop_reason\":\"");
    private static final byte[] USAGE = ascii("\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":");
    private static final byte[] MESSAGE_TAIL = ascii("}}");
    private static final byte[] DELTA_HEAD = ascii("event: message_delta\ndata: {\"type\":\"message_delta\","
            + "\"delta\":{\"stop_reason\":\"");
    private static final byte[] DELTA_USAGE = ascii("\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":");
    private static final byte[] DELTA_TAIL = ascii("}}\n\n");
    private static final byte[] COUNT_HEAD = ascii("{\"input_tokens\":");
    private static final byte[] COUNT_TAIL = ascii("}");

    private Wire() {}

    /** The non-streaming answer. */
    static Buffer message(AsciiString id, ModelCatalog.Model model, MessageRequest request, Reply reply) {
        Buffer b = Buffer.buffer(320 + reply.words() * 10);
        b.appendBytes(ID).appendBytes(id.array(), id.arrayOffset(), id.length()).appendBytes(MODEL).appendBytes(model.quotedId())
                .appendBytes(TEXT_HEAD);
        long state = reply.seed();
        for (int i = 0; i < reply.words(); i++) {
            state = Words.next(state);
            b.appendBytes(i == 0 ? Words.FIRST_TEXT[Words.word(state)] : Words.NEXT_TEXT[Words.word(state)]);
        }
        return b.appendBytes(STOP_REASON).appendString(reply.stopReason()).appendBytes(USAGE)
                .appendString(Integer.toString(request.inputTokens())).appendBytes(CACHE_ZERO)
                .appendString(Integer.toString(reply.words())).appendBytes(MESSAGE_TAIL);
    }

    static Buffer messageStart(AsciiString id, ModelCatalog.Model model, int inputTokens) {
        return Buffer.buffer(320).appendBytes(START_HEAD).appendBytes(id.array(), id.arrayOffset(), id.length()).appendBytes(MODEL)
                .appendBytes(model.quotedId()).appendBytes(START_BODY)
                .appendString(Integer.toString(inputTokens)).appendBytes(CACHE_ZERO).appendBytes(START_TAIL);
    }

    static Buffer messageDelta(String stopReason, int outputTokens) {
        return Buffer.buffer(160).appendBytes(DELTA_HEAD).appendString(stopReason).appendBytes(DELTA_USAGE)
                .appendString(Integer.toString(outputTokens)).appendBytes(DELTA_TAIL);
    }

    static Buffer countTokens(int inputTokens) {
        return Buffer.buffer(32).appendBytes(COUNT_HEAD).appendString(Integer.toString(inputTokens))
                .appendBytes(COUNT_TAIL);
    }

    private static Buffer event(String name, String json) {
        return Buffer.buffer("event: " + name + "\ndata: " + json + "\n\n");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
