package dev.gavel.query.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.List;

/**
 * The events one read of the streams brought for one item's (or one user's) subscribers, with their bytes
 * joined once into a buffer they all share: a subscriber that takes the whole batch is written a duplicate of
 * it, with no copy of its own.
 */
final class LiveBatch {

    private final List<LiveFrame> frames;
    /** Never released: a heap buffer the garbage collector frees, so a duplicate can never outlive its bytes. */
    private final ByteBuf joined;

    LiveBatch(List<LiveFrame> frames) {
        this.frames = List.copyOf(frames);
        int length = 0;
        for (LiveFrame frame : this.frames) {
            length += frame.bytes().length;
        }
        byte[] bytes = new byte[length];
        int at = 0;
        for (LiveFrame frame : this.frames) {
            System.arraycopy(frame.bytes(), 0, bytes, at, frame.bytes().length);
            at += frame.bytes().length;
        }
        this.joined = Unpooled.wrappedBuffer(bytes);
    }

    static LiveBatch of(LiveFrame frame) {
        return new LiveBatch(List.of(frame));
    }

    List<LiveFrame> frames() {
        return frames;
    }

    int size() {
        return frames.size();
    }

    /** The joined bytes for one write; the write releases what it was given, so each gets a retained duplicate. */
    ByteBuf shared() {
        return joined.retainedDuplicate();
    }
}
