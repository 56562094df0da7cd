package dev.switchyard.bench;

import io.vertx.core.json.JsonObject;

/**
 * Checks one Messages API stream, event by event: exactly message_start, content_block_start, ping,
 * content_block_delta x N, content_block_stop, message_delta, message_stop, nothing after; every
 * event's data is JSON whose {@code type} is the event's name; the text deltas, joined, are the
 * expected text (so a lost, duplicated or reordered delta shows), and message_delta reports N output
 * tokens. The first problem is kept; later events are only counted.
 */
final class StreamChecker implements SseParser.Listener {
    private static final String[] ORDER = {
        "message_start", "content_block_start", "ping", "content_block_delta", "content_block_stop",
        "message_delta", "message_stop",
    };
    private static final int DELTAS = 3;
    private static final int DONE = ORDER.length;

    private final String expectedText;
    private final int expectedDeltas;
    private final StringBuilder text = new StringBuilder();
    private int stage;
    private int events;
    private int deltas;
    private String error;

    /**
     * @param expectedText   the whole answer text, or null to check only the count
     * @param expectedDeltas the number of text deltas (one per output token), or -1 for any
     */
    StreamChecker(String expectedText, int expectedDeltas) {
        this.expectedText = expectedText;
        this.expectedDeltas = expectedDeltas;
    }

    @Override
    public void onEvent(String event, String data) {
        events++;
        if (error != null) {
            return;
        }
        if (stage == DONE) {
            fail("event " + events + " (" + event + ") after message_stop");
            return;
        }
        JsonObject json;
        try {
            json = new JsonObject(data);
        } catch (RuntimeException e) {
            fail("event " + events + " (" + event + "): data is not a JSON object: " + abbreviate(data));
            return;
        }
        if (!event.equals(json.getValue("type"))) {
            fail("event " + events + ": name " + event + " but data type " + json.getValue("type"));
            return;
        }
        if (event.equals("error")) {
            fail("event " + events + ": error event " + abbreviate(data));
            return;
        }
        try {
            accept(event, json);
        } catch (RuntimeException e) { // a field of the wrong JSON type
            fail("event " + events + " (" + event + "): " + e);
        }
    }

    private void accept(String event, JsonObject json) {
        if (stage == DELTAS && event.equals("content_block_delta")) {
            JsonObject delta = json.getJsonObject("delta");
            if (json.getInteger("index", -1) != 0 || delta == null || !"text_delta".equals(delta.getString("type"))) {
                fail("event " + events + ": not a text delta of block 0: " + json.encode());
                return;
            }
            text.append(delta.getString("text", ""));
            deltas++;
            return;
        }
        int want = stage == DELTAS ? DELTAS + 1 : stage;
        if (!event.equals(ORDER[want])) {
            fail("event " + events + ": got " + event + ", expected " + expectedAt(want));
            return;
        }
        if (event.equals("message_delta") && expectedDeltas >= 0) {
            JsonObject usage = json.getJsonObject("usage");
            Integer output = usage == null ? null : usage.getInteger("output_tokens");
            if (output == null || output != expectedDeltas) {
                fail("message_delta reports output_tokens " + output + ", expected " + expectedDeltas);
                return;
            }
        }
        stage = want + 1;
    }

    private String expectedAt(int want) {
        return want == DELTAS + 1 ? "content_block_delta or content_block_stop" : ORDER[want];
    }

    /**
     * Called when the response ends; {@code cut} says the parser held a partial event. Returns null when
     * the stream was complete and right, else what was wrong.
     */
    String finish(boolean cut) {
        if (error != null) {
            return error;
        }
        if (cut) {
            return fail("stream ended inside an event after " + events + " events");
        }
        if (stage != DONE) {
            return fail("stream ended after " + events + " events, expecting " + expectedAt(stage == DELTAS
                    ? DELTAS + 1 : stage));
        }
        if (expectedDeltas >= 0 && deltas != expectedDeltas) {
            return fail(deltas + " text deltas, expected " + expectedDeltas);
        }
        if (expectedText != null && !expectedText.contentEquals(text)) {
            int i = 0;
            while (i < expectedText.length() && i < text.length() && expectedText.charAt(i) == text.charAt(i)) {
                i++;
            }
            return fail("text differs from the expected at char " + i + " (got " + text.length() + " chars, expected "
                    + expectedText.length() + ")");
        }
        return null;
    }

    /** Records a problem found outside the event sequence (connection reset, bad status); keeps the first. */
    String fail(String problem) {
        if (error == null) {
            error = problem;
        }
        return error;
    }

    int events() {
        return events;
    }

    int deltas() {
        return deltas;
    }

    String text() {
        return text.toString();
    }

    String error() {
        return error;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
