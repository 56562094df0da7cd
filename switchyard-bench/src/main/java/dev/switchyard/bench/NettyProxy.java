package dev.switchyard.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import dev.switchyard.core.net.NetworkTransport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A floor below the gateway's stack: the bare proxy's work ({@link BareProxy}: the body to the upstream, its
 * reply back, nothing else) on Netty alone, without Vert.x. Each client connection gets one upstream connection
 * on its own event loop, opened at its first request and reused for the next ones (wrk does not pipeline), as
 * nginx's keep-alive pool would give it. What the bare proxy costs above this is Vert.x's; what this costs above
 * nginx is the JVM's and Netty's. Not a product: a malformed request or an upstream that fails closes the client's
 * connection.
 */
final class NettyProxy implements AutoCloseable {
    private static final int MAX_BODY = 1 << 20;

    private final EventLoopGroup group;
    private final Channel server;
    private final Transport transport;

    private NettyProxy(EventLoopGroup group, Channel server, Transport transport) {
        this.group = group;
        this.server = server;
        this.transport = transport;
    }

    static int run(Args options) throws Exception {
        int port = options.integer("port", 18195);
        URI upstream = URI.create(options.string("upstream", null));
        int loops = options.integer("event-loops", 2);
        String transport = options.string("transport", "auto");
        options.done();
        try (NettyProxy proxy = start(port, upstream, loops, Transport.named(transport))) {
            System.out.println("Netty proxy (" + proxy.transport.name().toLowerCase(Locale.ROOT)
                    + ") on http://127.0.0.1:" + proxy.port() + " to " + upstream);
            Thread.currentThread().join();
        }
        return 0;
    }

    static NettyProxy start(int port, URI upstream, int loops, Transport transport) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, transport.handlers());
        try {
            Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY),
                                    new Front(upstream, transport));
                        }
                    }).bind("127.0.0.1", port).sync().channel();
            return new NettyProxy(group, server, transport);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Netty's classes for the transport {@code --transport} picks, as the gateway picks it. */
    enum Transport {
        IO_URING, EPOLL, NIO;

        /** {@link NetworkTransport}'s choice: its names, its fallback for auto, its failure when one is missing. */
        static Transport named(String name) {
            io.vertx.core.transport.Transport picked = NetworkTransport.named(name).pick();
            return picked == io.vertx.core.transport.Transport.IO_URING ? IO_URING
                    : picked == io.vertx.core.transport.Transport.EPOLL ? EPOLL : NIO;
        }

        IoHandlerFactory handlers() {
            return switch (this) {
                case IO_URING -> IoUringIoHandler.newFactory();
                case EPOLL -> EpollIoHandler.newFactory();
                case NIO -> NioIoHandler.newFactory();
            };
        }

        Class<? extends ServerChannel> serverChannel() {
            return switch (this) {
                case IO_URING -> IoUringServerSocketChannel.class;
                case EPOLL -> EpollServerSocketChannel.class;
                case NIO -> NioServerSocketChannel.class;
            };
        }

        Class<? extends Channel> channel() {
            return switch (this) {
                case IO_URING -> IoUringSocketChannel.class;
                case EPOLL -> EpollSocketChannel.class;
                case NIO -> NioSocketChannel.class;
            };
        }
    }

    /** A client connection: its requests go out on its one upstream connection. */
    private static final class Front extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final URI upstream;
        private final Transport transport;
        private Channel up;

        Front(URI upstream, Transport transport) {
            this.upstream = upstream;
            this.transport = transport;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, request.uri(),
                    request.content().retain());
            out.headers().set(HttpHeaderNames.HOST, upstream.getAuthority())
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, out.content().readableBytes());
            if (up != null) {
                up.writeAndFlush(out, up.voidPromise());
                return;
            }
            Channel client = ctx.channel();
            new Bootstrap().group(client.eventLoop()).channel(transport.channel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY),
                                    new Back(client));
                        }
                    })
                    .connect(upstream.getHost(), upstream.getPort())
                    .addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            out.release();
                            client.close();
                            return;
                        }
                        up = f.channel();
                        up.writeAndFlush(out, up.voidPromise());
                    });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (up != null) {
                up.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** An upstream connection: each reply goes back to its client with its status and content type. */
    private static final class Back extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Channel client;

        Back(Channel client) {
            this.client = client;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse reply) {
            FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                    reply.content().retain());
            String type = reply.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (type != null) {
                out.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            }
            out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, out.content().readableBytes());
            client.writeAndFlush(out, client.voidPromise());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
