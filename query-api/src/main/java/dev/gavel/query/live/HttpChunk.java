package dev.gavel.query.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Bytes framed as one chunk of an HTTP/1.1 chunked body ({@code <size in hex> CRLF <bytes> CRLF}), so a stream
 * can hand them to the connection below Netty's HTTP encoder, which would otherwise frame every subscriber's copy
 * of the same event again (a header buffer, a trailer and a promise combiner per write).
 */
final class HttpChunk {

    private static final byte[] CRLF = {'\r', '\n'};

    private HttpChunk() {
    }

    /**
     * A chunk in off-heap memory that the garbage collector frees (never released: every writer takes a retained
     * duplicate, so the count never reaches zero). Off-heap, because the NIO transport copies a heap buffer into
     * a direct one on every write, which for a batch shared by a thousand subscribers is a thousand copies.
     */
    static ByteBuf shared(byte[]... parts) {
        byte[] header = header(parts);
        int length = header.length + CRLF.length;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer memory = ByteBuffer.allocateDirect(length);
        memory.put(header);
        for (byte[] part : parts) {
            memory.put(part);
        }
        memory.put(CRLF).flip();
        return Unpooled.wrappedBuffer(memory);
    }

    /** A chunk on the heap, for bytes written to one subscriber only. */
    static ByteBuf of(byte[] bytes) {
        return Unpooled.wrappedBuffer(header(bytes), bytes, CRLF);
    }

    /** The chunk's size line. */
    private static byte[] header(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        return (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
