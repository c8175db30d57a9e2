package dev.gavel.bench.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One live stream's connection, spoken at the byte level: the GET, the response head, then the body (chunked or
 * not) handed to the subscriber's SSE parser where it lies. The tool shares the two cores with the server it
 * measures, and a general HTTP client (Vert.x's, before this) spent more CPU per event on its own layers (a
 * decoded message, a buffer and a handler dispatch per read) than on the parse itself. Event loop only.
 */
final class StreamConnection extends ChannelInboundHandlerAdapter {

    /** Receives what the connection learns; all calls come from its event loop. */
    interface Listener {
        /** The response head came; for a status other than 200 the connection is closed after this. */
        void responded(int status, ChannelHandlerContext context);

        /** Body bytes, valid only during the call; {@code arrivalNanos}: when their read began. */
        void body(byte[] bytes, int offset, int length, long arrivalNanos);

        /** The connection ended (closed by either side, or failed) after it was open. */
        void ended();
    }

    private enum State { HEAD, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, IDENTITY, DONE }

    private static final int MAX_HEAD = 16 * 1024;
    private static final int MAX_SIZE_LINE = 256;
    /** One copy of each read, into this thread's scratch array, which the parser reads in place. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    private final byte[] request;
    private final Listener listener;
    private final StringBuilder line = new StringBuilder();
    private State state = State.HEAD;
    private int headBytes;
    private int status;
    private boolean chunked;
    private long chunkLeft;

    StreamConnection(String host, int port, String path, Listener listener) {
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(request));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long arrival = System.nanoTime();
        ByteBuf in = (ByteBuf) msg;
        try {
            while (in.isReadable() && state != State.DONE) {
                switch (state) {
                    case HEAD -> head(ctx, in);
                    case CHUNK_SIZE -> chunkSize(ctx, in);
                    case CHUNK_DATA -> chunkData(in, arrival);
                    case CHUNK_END -> chunkEnd(ctx, in);
                    case IDENTITY -> deliver(in, in.readableBytes(), arrival);
                    default -> in.skipBytes(in.readableBytes());
                }
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.DONE;
        listener.ended();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a malformed answer: the stream is over either way, and channelInactive says so.
        ctx.close();
    }

    private void head(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable()) {
            char c = (char) (in.readByte() & 0xff);
            if (++headBytes > MAX_HEAD) {
                fail(ctx);
                return;
            }
            if (c != '\n') {
                line.append(c);
                continue;
            }
            String text = stripCr(line);
            line.setLength(0);
            if (status == 0) {
                if (!text.startsWith("HTTP/1.") || text.length() < 12) {
                    fail(ctx);
                    return;
                }
                status = Integer.parseInt(text.substring(9, 12));
            } else if (!text.isEmpty()) {
                int colon = text.indexOf(':');
                if (colon > 0 && text.substring(0, colon).trim().equalsIgnoreCase("transfer-encoding")) {
                    chunked = text.substring(colon + 1).toLowerCase(Locale.ROOT).contains("chunked");
                }
            } else {
                listener.responded(status, ctx);
                if (status != 200) {
                    state = State.DONE;
                    ctx.close();
                } else {
                    state = chunked ? State.CHUNK_SIZE : State.IDENTITY;
                }
                return;
            }
        }
    }

    private void chunkSize(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable()) {
            char c = (char) (in.readByte() & 0xff);
            if (c != '\n') {
                if (line.length() == MAX_SIZE_LINE) {
                    fail(ctx);
                    return;
                }
                line.append(c);
                continue;
            }
            String text = stripCr(line);
            line.setLength(0);
            int extension = text.indexOf(';');
            String hex = (extension < 0 ? text : text.substring(0, extension)).trim();
            try {
                chunkLeft = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                fail(ctx);
                return;
            }
            if (chunkLeft == 0) {
                // The last chunk: the server ended the stream.
                state = State.DONE;
                ctx.close();
            } else {
                state = State.CHUNK_DATA;
            }
            return;
        }
    }

    private void chunkData(ByteBuf in, long arrival) {
        int n = (int) Math.min(chunkLeft, in.readableBytes());
        deliver(in, n, arrival);
        chunkLeft -= n;
        if (chunkLeft == 0) {
            state = State.CHUNK_END;
        }
    }

    /** The CRLF after a chunk's data. */
    private void chunkEnd(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable()) {
            char c = (char) (in.readByte() & 0xff);
            if (c == '\n') {
                state = State.CHUNK_SIZE;
                return;
            }
            if (c != '\r') {
                fail(ctx);
                return;
            }
        }
    }

    private void deliver(ByteBuf in, int length, long arrival) {
        byte[] scratch = SCRATCH.get();
        int left = length;
        while (left > 0) {
            int n = Math.min(left, scratch.length);
            in.readBytes(scratch, 0, n);
            listener.body(scratch, 0, n, arrival);
            left -= n;
        }
    }

    private void fail(ChannelHandlerContext ctx) {
        state = State.DONE;
        ctx.close();
    }

    private static String stripCr(StringBuilder text) {
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(0, end);
    }
}
