package dev.gavel.query.live;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * The events one read of the streams brought for one item's (or one user's) subscribers, with their bytes
 * joined once into a buffer they all share, already framed as an HTTP chunk: a subscriber that takes the whole
 * batch is written a duplicate of it, with no copy and no encoding of its own.
 */
final class LiveBatch {

    private final List<LiveFrame> frames;
    /** The frames as one HTTP chunk ({@link HttpChunk#shared}): never released, the garbage collector frees it. */
    private final ByteBuf chunk;
    /** The frames alone: a slice of {@link #chunk}, for a stream whose bytes go through Micronaut. */
    private final ByteBuf joined;
    /** The smallest bid seq among the frames ({@link Long#MAX_VALUE} when none is a bid). */
    private final long lowestBidSeq;
    private final int closedFrames;

    LiveBatch(List<LiveFrame> frames) {
        this.frames = List.copyOf(frames);
        byte[][] parts = new byte[this.frames.size()][];
        int length = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = this.frames.get(i).bytes();
            length += parts[i].length;
        }
        this.chunk = HttpChunk.shared(parts);
        // The payload sits between the chunk's size line and its closing CRLF.
        this.joined = chunk.slice(chunk.readableBytes() - length - 2, length);
        long lowest = Long.MAX_VALUE;
        int closed = 0;
        for (LiveFrame frame : this.frames) {
            if (frame.bidSeq() > 0) {
                lowest = Math.min(lowest, frame.bidSeq());
            }
            closed += frame.closed() ? 1 : 0;
        }
        this.lowestBidSeq = lowest;
        this.closedFrames = closed;
    }

    static LiveBatch of(LiveFrame frame) {
        return new LiveBatch(List.of(frame));
    }

    List<LiveFrame> frames() {
        return frames;
    }

    /**
     * Whether a subscriber that has had the bids up to {@code bidFloor} (and a {@code closed} event when
     * {@code closedSent}) takes every frame: then it gets the shared buffer, with no look at each frame. A
     * {@code closed} event goes at most once.
     */
    boolean wholeAfter(long bidFloor, boolean closedSent) {
        return lowestBidSeq > bidFloor && closedFrames <= (closedSent ? 0 : 1);
    }

    boolean hasClosed() {
        return closedFrames > 0;
    }

    int size() {
        return frames.size();
    }

    /** The joined bytes for one write; the write releases what it was given, so each gets a retained duplicate. */
    ByteBuf shared() {
        return joined.retainedDuplicate();
    }

    /** The same as one HTTP chunk, for a write below the HTTP encoder; a retained duplicate, as {@link #shared}. */
    ByteBuf sharedChunk() {
        return chunk.retainedDuplicate();
    }
}
