package dev.switchyard.gateway;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchyard.core.json.Json;
import java.io.IOException;

/** What the token scans of a request ({@link MessagesScan}) and of a reply ({@link WholeMessage}) share. */
final class JsonScan {
    private JsonScan() {}

    /**
     * Reads a value to its end the way the tree path would: every string decoded (into the parser's own
     * buffer, not a String: with a long conversation that was most of the scan's cost) and every number
     * converted, so bad UTF-8, an overlong string or a number that does not convert fails here too; only
     * nothing is kept. Iterative: the parser's nesting limit bounds the depth, not the stack.
     */
    static void read(JsonParser p, JsonToken first) throws IOException {
        int depth = 0;
        JsonToken t = first;
        while (true) {
            switch (t) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> decode(p);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
                default -> { }
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
        }
    }

    private static void decode(JsonParser p) throws IOException {
        p.getTextCharacters();
        if (p.getTextLength() > Json.MAX_STRING_LENGTH) {
            // the tree path's String would be refused by the parser's limit: let it say so
            throw new JsonParseException(p, "string longer than the parser's limit");
        }
    }
}
