package dev.switchyard.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Reads the request body, up to {@code server.max_body_bytes} (413 beyond, before reading it all). */
final class ReadBodyStep implements Step {
    /** The request body as bytes: as the client sent it, or as a later step rewrote it ({@link ParseStep#replace}). */
    static final Attribute<Buffer> RAW_BODY = Attribute.named("raw-body");

    private final long maxBodyBytes;

    ReadBodyStep(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        return BodyReader.read(ex, maxBodyBytes).map(raw -> {
            ex.put(RAW_BODY, raw);
            return null;
        });
    }
}
