package dev.gavel.bench.live;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * The subscribers' connections: plain Netty channels on event loops of their own (the probes keep Vert.x's), each
 * with a {@link StreamConnection} that speaks just enough HTTP/1.1 for one event stream.
 */
final class StreamClient implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final EventLoopGroup loops;
    private final Bootstrap bootstrap;
    private final Target target;

    StreamClient(Target target, int eventLoops) {
        this.target = target;
        this.loops = new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory("live-stream", true),
                NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /** Opens {@code path} for {@code listener}; a connection that cannot be made calls {@code failed}. */
    void open(String path, StreamConnection.Listener listener, Runnable failed) {
        ChannelFuture connect = bootstrap.clone()
                .handler(new StreamConnection(target.host(), target.port(), path, listener))
                .connect(target.host(), target.port());
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                failed.run();
            }
        });
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
