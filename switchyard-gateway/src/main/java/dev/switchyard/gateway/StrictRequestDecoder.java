package dev.switchyard.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;

/**
 * Vert.x's HTTP/1 request decoder, made strict about framing. Netty resolves a request with both
 * Content-Length and chunked Transfer-Encoding by dropping the length, reads {@code chunked, identity}
 * as chunked, and joins obs-folded header lines; a proxy in front may frame the same bytes another
 * way, which is request smuggling. Each such request becomes an invalid request (400, see
 * {@link InvalidRequests}) and nothing after it on the connection is decoded.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    private final HeadScanner scanner = new HeadScanner();
    private final Runnable onHeadBytes;
    /** Bytes past the reader index the scanner has already seen (the decoder consumes whole lines). */
    private int scannedAhead;
    private boolean rejected;

    /** @param onHeadBytes called on the event loop whenever bytes of a request head arrive */
    StrictRequestDecoder(HttpServerOptions options, Runnable onHeadBytes) {
        super(options);
        this.onHeadBytes = onHeadBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (scanner.scanning() && scan(in, out)) {
            return;
        }
        int before = out.size();
        int reader = in.readerIndex();
        super.decode(ctx, in, out);
        scannedAhead = Math.max(0, scannedAhead - (in.readerIndex() - reader));
        for (int i = before; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                String problem = framingProblem(request.headers());
                if (problem != null) {
                    request.setDecoderResult(DecoderResult.failure(new FramingException(problem)));
                }
            }
            if (o instanceof DecoderResultProvider p && !p.decoderResult().isSuccess()) {
                reject(in, out, i + 1);
                return;
            }
            if (o instanceof LastHttpContent) {
                // The decoder stops right after a message's end: the next head starts at the reader index.
                scanner.reset();
                scannedAhead = 0;
            }
        }
    }

    /** Scans the newly arrived bytes of a head; true when it was refused. */
    private boolean scan(ByteBuf in, List<Object> out) {
        int from = in.readerIndex() + scannedAhead;
        if (from < in.writerIndex()) {
            onHeadBytes.run();
        }
        int end = scanner.scan(in, from, in.writerIndex());
        scannedAhead = end - in.readerIndex();
        if (!scanner.folded()) {
            return false;
        }
        DefaultHttpRequest invalid = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request");
        invalid.setDecoderResult(DecoderResult.failure(new FramingException(
                "obs-folded header lines (a line starting with a space or a tab) are not accepted")));
        out.add(invalid);
        reject(in, out, out.size());
        return true;
    }

    /** Keeps what the decoder emitted up to the refused message, then reads nothing more. */
    private void reject(ByteBuf in, List<Object> out, int keep) {
        while (out.size() > keep) {
            ReferenceCountUtil.release(out.remove(out.size() - 1));
        }
        rejected = true;
        in.skipBytes(in.readableBytes());
    }

    /** Called by Netty for an HTTP/1.1 request with both headers, before it drops Content-Length. */
    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new FramingException("a request must not have both Content-Length and Transfer-Encoding");
    }

    static String framingProblem(HttpHeaders headers) {
        List<String> te = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (te.isEmpty()) {
            return null;
        }
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return "a request must not have both Content-Length and Transfer-Encoding";
        }
        if (te.size() != 1 || !te.get(0).trim().equalsIgnoreCase("chunked")) {
            return "Transfer-Encoding must be exactly 'chunked'";
        }
        return null;
    }
}
