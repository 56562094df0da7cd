package dev.switchyard.gateway;

import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * The client-side deadlines of one HTTP/1 connection, between Netty's codec and Vert.x. A connection
 * waits at most {@code header} for a complete request head (from its start, or from the first byte
 * of a later head), {@code body} for a request body (then 408 and close), and {@code keepAlive} idle
 * between requests. Nothing runs while a response is in flight: streams and slow upstreams are the
 * upstream timeouts' business. It also answers, in Anthropic's shape, a chunked body Netty cannot
 * decode (Vert.x would close without a word) and a connection refused by the per-address cap.
 * Every method runs on the connection's event loop.
 */
final class ConnectionGuard extends ChannelDuplexHandler {
    static final String NAME = "switchyardGuard";
    private static final long LINGER_MILLIS = LingeringClose.LINGER_MILLIS;

    private enum Wait { NONE, HEAD, BODY, IDLE }

    private final long headerMillis;
    private final long bodyMillis;
    private final long keepAliveMillis;
    private final Runnable onClose;
    private ChannelHandlerContext ctx;
    /** The one pending deadline check, or null; see {@link #arm}. */
    private ScheduledFuture<?> check;
    /** When the current wait ends, on {@link System#nanoTime()}; meaningless while NONE. */
    private long deadlineNanos;
    private final long checkEveryNanos;
    private Wait waiting = Wait.NONE;
    /** Request heads received and responses ended on this connection. */
    private long requests;
    private long responses;
    private boolean bodyOpen;
    /** Bytes of a next head came while a response was in flight: its time starts when that ends. */
    private boolean headPending;
    private boolean responseStarted;
    private boolean closing;

    ConnectionGuard(long headerMillis, long bodyMillis, long keepAliveMillis, Runnable onClose) {
        this.headerMillis = headerMillis;
        this.bodyMillis = bodyMillis;
        this.keepAliveMillis = keepAliveMillis;
        this.onClose = onClose;
        long shortest = LongStream.of(headerMillis, bodyMillis, keepAliveMillis).filter(m -> m > 0).min().orElse(1000);
        this.checkEveryNanos = TimeUnit.MILLISECONDS.toNanos(shortest);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        arm(Wait.HEAD);
    }

    /** Bytes of a request head arrived (from the decoder): an idle connection now has a head to finish. */
    void headBytes() {
        if (waiting == Wait.IDLE) {
            arm(Wait.HEAD);
        } else if (waiting == Wait.NONE) {
            headPending = true;
        }
    }

    /** Refuses the connection at once: a 429 in Anthropic's shape, then close. */
    void refuse(String message) {
        respondAndClose(HttpResponseStatus.TOO_MANY_REQUESTS, ErrorType.RATE_LIMIT, message);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            requests++;
            bodyOpen = true;
            headPending = false;
            if (!request.decoderResult().isSuccess()) {
                // Vert.x hands it to InvalidRequests, which answers and closes; the timer is a backstop.
                arm(Wait.HEAD);
            } else {
                arm(requests - responses == 1 ? Wait.BODY : Wait.NONE);
            }
        }
        if (msg instanceof HttpContent content && !content.decoderResult().isSuccess() && !(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
            if (answered()) {
                close();
            } else {
                respondAndClose(HttpResponseStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST, "malformed chunked body");
            }
            return;
        }
        if (msg instanceof LastHttpContent) {
            bodyOpen = false;
            if (waiting == Wait.BODY) {
                arm(Wait.NONE);
            }
            if (requests == responses) {
                arm(headPending ? Wait.HEAD : Wait.IDLE);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        boolean informational = msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (!informational) {
            if (msg instanceof HttpResponse) {
                responseStarted = true;
            }
            if (msg instanceof LastHttpContent) {
                responseEnded();
            }
        }
        ctx.write(msg, promise);
    }

    private void responseEnded() {
        responses++;
        responseStarted = false;
        if (requests == responses && !bodyOpen) {
            arm(headPending ? Wait.HEAD : Wait.IDLE);
        } else if (requests - responses == 1 && bodyOpen && waiting != Wait.BODY) {
            // A pipelined request is now the current one: its body's time starts.
            arm(Wait.BODY);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelCheck();
        onClose.run();
        super.channelInactive(ctx);
    }

    /**
     * Starts waiting for {@code next} (NONE: nothing). No timer is scheduled or cancelled here, which
     * would be two of each per request: one pending check per connection, never further away than
     * the shortest timeout, compares the clock with the deadline when it runs.
     */
    private void arm(Wait next) {
        waiting = next;
        long millis = switch (next) {
            case HEAD -> headerMillis;
            case BODY -> bodyMillis;
            case IDLE -> keepAliveMillis;
            case NONE -> 0;
        };
        if (millis <= 0) {
            waiting = Wait.NONE;
            return;
        }
        long now = System.nanoTime();
        deadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(millis);
        if (check == null) {
            scheduleCheck(deadlineNanos - now);
        }
    }

    private void scheduleCheck(long inNanos) {
        check = ctx.executor().schedule(this::check, Math.min(inNanos, checkEveryNanos), TimeUnit.NANOSECONDS);
    }

    private void check() {
        check = null;
        if (closing || waiting == Wait.NONE) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            scheduleCheck(left);
        } else {
            expired(waiting);
        }
    }

    private void cancelCheck() {
        waiting = Wait.NONE;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void expired(Wait what) {
        if (what == Wait.BODY && !answered()) {
            respondAndClose(HttpResponseStatus.REQUEST_TIMEOUT, ErrorType.TIMEOUT,
                    "request body not received within " + bodyMillis + " ms");
        } else {
            close();
        }
    }

    /** True when the request whose body is awaited already has a response, started or sent. */
    private boolean answered() {
        return responseStarted || responses >= requests;
    }

    private void close() {
        closing = true;
        cancelCheck();
        ctx.close();
    }

    /**
     * Sends an error and closes the way {@link LingeringClose} does: our side is shut for writing at
     * once, what the client still sends is read and dropped for a short while, so the client reads
     * the answer instead of a reset.
     */
    private void respondAndClose(HttpResponseStatus status, ErrorType type, String message) {
        String requestId = RequestIds.next();
        byte[] body = ErrorBodies.json(type, message, requestId).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, "close")
                .set("request-id", requestId);
        if (type != ErrorType.RATE_LIMIT && type != ErrorType.TIMEOUT) {
            response.headers().set("x-should-retry", "false");
        }
        closing = true;
        cancelCheck();
        ctx.channel().config().setAutoRead(true);
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && f.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }
}
