package dev.switchyard.auth.limit;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Reads the fields of a script's reply (a Lua table) with their names, so that a reply of the wrong shape
 * fails with a {@link MalformedReplyException} naming the field, never an index or number format error.
 * Only the reply records ({@link GrantReply}, {@link SyncReply}) use it: they are where positions are known.
 */
final class ReplyReader {
    private final String script;
    private final Response reply;

    private ReplyReader(String script, Response reply) {
        this.script = script;
        this.reply = reply;
    }

    /** A reader of {@code reply}, which must be a table of at least {@code minFields} fields. */
    static ReplyReader table(String script, Response reply, int minFields) {
        if (reply == null || reply.type() != ResponseType.MULTI) {
            throw new MalformedReplyException(script, "expected a table, got "
                    + (reply == null ? "nothing" : reply.type() + " " + abbreviated(reply.toString())));
        }
        ReplyReader r = new ReplyReader(script, reply);
        if (reply.size() < minFields) {
            throw r.malformed("expected at least " + minFields + " fields, got " + reply.size());
        }
        return r;
    }

    int size() {
        return reply.size();
    }

    MalformedReplyException malformed(String what) {
        return new MalformedReplyException(script, what);
    }

    long number(int index, String field) {
        Response f = field(index, field);
        try {
            return f.toLong();
        } catch (RuntimeException e) {
            throw malformed(field + " (field " + (index + 1) + ") is not a whole number: "
                    + abbreviated(String.valueOf(f)));
        }
    }

    int smallNumber(int index, String field) {
        long v = number(index, field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw malformed(field + " (field " + (index + 1) + ") is out of range: " + v);
        }
        return (int) v;
    }

    String text(int index, String field) {
        Response f = field(index, field);
        if (f.type() == ResponseType.MULTI) {
            throw malformed(field + " (field " + (index + 1) + ") is a table, not text");
        }
        return f.toString();
    }

    private Response field(int index, String field) {
        if (index >= reply.size()) {
            throw malformed(field + " (field " + (index + 1) + ") is missing; the reply has " + reply.size());
        }
        Response f = reply.get(index);
        if (f == null) {
            throw malformed(field + " (field " + (index + 1) + ") is nil");
        }
        return f;
    }

    private static String abbreviated(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
