package dev.gavel.query.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.EventExecutor;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscriber's stream: a Reactive Streams publisher that hands on events only as far as the HTTP
 * layer asks (Micronaut asks for more only once Netty could write what it had), with a bounded buffer of
 * live events in between. A subscriber that lags GAVEL_LIVE_BUFFER_EVENTS events behind is dropped: its
 * buffer is emptied and its stream fails, which closes the connection, so it costs the others nothing.
 *
 * <p>Given the connection ({@link #writeDirectlyTo}), only the first piece goes through Micronaut (it sends the
 * response head with it); once that piece has left, everything else is written to the connection on its own
 * event loop: each batch as a duplicate of the buffer all its subscribers share, one flush for what is
 * waiting, and more only while the connection is writable, so a subscriber that does not read still fills
 * this bounded buffer and is dropped. The bytes are framed as HTTP chunks once per batch and written below Netty's
 * HTTP encoder (the response head went through it, so it is mid-body in chunked mode): the encoder would frame
 * each subscriber's copy again. Micronaut's per-piece path (a copy per subscriber, several operators
 * and an event-loop task per piece) cost more than the write itself. A busy stream is flushed at most every
 * GAVEL_LIVE_FLUSH_MS, so many small batches leave as fewer, larger writes.
 *
 * <p>A resuming subscriber first receives its replay (pages fetched on the blocking pool, one page at a
 * time, as demand allows) while live events wait in the buffer; then the live events, skipping every bid
 * whose seq the replay already sent. A {@code closed} event is sent at most once.
 */
public final class LiveChannel implements Publisher<ByteBuf>, Subscription {

    /** Replayed events, a page at a time; {@link ReplayPage#last()} ends the replay. Called on the blocking pool. */
    interface ReplaySource {
        ReplayPage next();
    }

    record ReplayPage(List<LiveFrame> frames, boolean last) {
    }

    /** Why a dropped subscriber's stream ends; no stack trace, it is not a fault of this service. */
    static final class Dropped extends RuntimeException {
        Dropped() {
            super("live subscriber fell too far behind and was dropped", null, false, false);
        }
    }

    /**
     * The first piece, handed to Micronaut: Netty frees it once it has been written or discarded, after the
     * response head, so from then on this stream's bytes may go to the connection directly.
     */
    private static final class FirstPiece extends UnpooledHeapByteBuf {
        private final Runnable onGone;

        FirstPiece(byte[] bytes, Runnable onGone) {
            super(UnpooledByteBufAllocator.DEFAULT, bytes, bytes.length);
            this.onGone = onGone;
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            onGone.run();
        }
    }

    /** {@link #lastSentNanos} until the first piece is handed on. */
    private static final long NOTHING_SENT = Long.MIN_VALUE;
    /** The most bytes handed to the HTTP layer as one piece; enough for a few hundred bid events. */
    private static final int CHUNK_BYTES = 32 * 1024;
    /** How soon a connection that was not writable, with no write of ours to wait for, is looked at again. */
    private static final long UNWRITABLE_RETRY_MS = 20;
    /** The keep-alive comment, framed once as an HTTP chunk for writes below the encoder. */
    private static final ByteBuf HEARTBEAT_CHUNK = HttpChunk.shared(LiveFrame.HEARTBEAT.bytes());

    private final int capacity;
    private final long flushNanos;
    private final Runnable onEnd;
    private final Runnable onDrop;
    private final Queue<LiveBatch> live = new ConcurrentLinkedQueue<>();
    private final AtomicInteger liveSize = new AtomicInteger();
    private final Queue<LiveFrame> replayed = new ConcurrentLinkedQueue<>();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean fetching = new AtomicBoolean();
    private final AtomicBoolean loopTaskQueued = new AtomicBoolean();
    private final Executor blocking;
    private volatile ReplaySource replay;
    /** Closes the subscriber's connection; see {@link #closeConnectionOnDrop}. */
    private volatile Runnable closeConnection = () -> { };
    private volatile Subscriber<? super ByteBuf> subscriber;
    /** The connection, when this stream writes to it directly; null: every piece goes through Micronaut. */
    private volatile ChannelHandlerContext connection;
    /** Set once the first piece has left: the connection may be written directly from then on. */
    private volatile boolean directReady;
    /** True from the start: Micronaut sends the response head with the first body part, so one comes at once. */
    private volatile boolean heartbeatDue = true;
    /** When something was last handed on to the HTTP layer ({@link System#nanoTime}). */
    private volatile long lastSentNanos = NOTHING_SENT;
    private volatile boolean dropped;
    private volatile boolean cancelled;
    private volatile boolean failedReplay;
    private long bidFloor;
    private boolean closedSent;
    private boolean terminated;
    private boolean firstHandedOn;
    /** Event loop only: a delayed look at this stream is scheduled (coalescing, or waiting to be writable). */
    private boolean wakeUpSet;
    private long lastFlushNanos = NOTHING_SENT;
    /**
     * Event loop only: the context of the connection's HTTP encoder, whose writes go to the handlers below it, set
     * at the first direct write; null when the connection has none (then each piece goes through the encoder).
     */
    private ChannelHandlerContext belowEncoder;
    private boolean belowEncoderLooked;

    /** {@code flushMs}: GAVEL_LIVE_FLUSH_MS, the least time between two flushes of a direct stream (0: none). */
    LiveChannel(int capacity, int flushMs, Executor blocking, Runnable onEnd, Runnable onDrop) {
        this.capacity = capacity;
        this.flushNanos = TimeUnit.MILLISECONDS.toNanos(flushMs);
        this.blocking = blocking;
        this.onEnd = onEnd;
        this.onDrop = onDrop;
    }

    /**
     * Before subscription: a new subscriber starts with the next event, so live bids up to {@code seq} (the
     * item's seq when it connected, which the streams' reader may not have passed yet) are skipped.
     */
    void startAfter(long seq) {
        this.bidFloor = seq;
    }

    /**
     * Before subscription: how to close the connection when this subscriber is dropped. The stream's error alone
     * did not always end it: in two full test runs a never-reading subscriber was dropped and its connection
     * stayed open, with no sign that Micronaut saw the error. Closing the channel as well frees it for certain.
     */
    void closeConnectionOnDrop(Runnable close) {
        this.closeConnection = close;
    }

    /**
     * Before subscription: after the first piece, write to this connection directly ({@code context}: the
     * context Micronaut writes the response from, so both writes pass the same handlers). Only for an
     * uncompressed HTTP/1.1 response: the bytes go to the HTTP encoder as they are.
     */
    void writeDirectlyTo(ChannelHandlerContext context) {
        this.connection = context;
    }

    /** Before subscription: replay from {@code source} first, and skip live bids up to what it sends. */
    void replayFrom(ReplaySource source, long afterSeq) {
        this.bidFloor = afterSeq;
        this.replay = source;
    }

    /** Queues a live event and hands on what the subscriber can take; see {@link #enqueue}. Thread-safe. */
    void offer(LiveFrame frame) {
        enqueue(LiveBatch.of(frame));
        flush();
    }

    /**
     * Queues a batch of live events without handing it on yet ({@link #flush} does); drops the subscriber
     * instead once its buffer would hold more than its capacity in events. Thread-safe.
     */
    void enqueue(LiveBatch batch) {
        if (ended.get()) {
            return;
        }
        // Not before the first piece went out: Micronaut sends the response head with it, and an error before the
        // head becomes an error response on a connection kept open, not a closed stream. The first piece goes as
        // soon as Micronaut subscribes, never-reading client or not (the head fits the socket's buffers).
        if (liveSize.addAndGet(batch.size()) > capacity && lastSentNanos != NOTHING_SENT && notTaking()) {
            dropped = true;
            end();
            onDrop.run();
            // Closed here as well as after the stream's error: with direct writes the error waits for the event
            // loop's turn, and a drop must free the connection whatever happens to that turn.
            closeConnection.run();
            drain();
            return;
        }
        live.add(batch);
    }

    /**
     * Whether a full buffer means the subscriber stopped taking its events. A stream written directly counts as
     * taking while its connection is writable: its events then wait only for the event loop's next turn, which on
     * a busy machine can come after a burst has filled the buffer, and the subscriber is not to blame.
     */
    private boolean notTaking() {
        ChannelHandlerContext context = connection;
        return context == null || !directReady || !context.channel().isWritable();
    }

    /** Hands on what is queued, as far as the subscriber asked for it. Thread-safe. */
    void flush() {
        drain();
    }

    /**
     * Flushes every channel, with one task per event loop for the channels written directly on it rather than
     * one per channel: a hot item's thousand subscribers share a couple of event loops.
     *
     * <p>{@code written} runs once the channels of each event loop have been written (once per loop, on that
     * loop), and once for those written here.
     */
    static void flushAll(Iterable<LiveChannel> channels, Runnable written) {
        Map<EventExecutor, List<LiveChannel>> byLoop = new IdentityHashMap<>();
        boolean drainedHere = false;
        for (LiveChannel channel : channels) {
            ChannelHandlerContext context = channel.connection;
            if (context != null && channel.directReady && !context.executor().inEventLoop()) {
                if (channel.loopTaskQueued.compareAndSet(false, true)) {
                    byLoop.computeIfAbsent(context.executor(), k -> new ArrayList<>()).add(channel);
                }
            } else {
                channel.drain();
                drainedHere = true;
            }
        }
        if (drainedHere) {
            written.run();
        }
        for (Map.Entry<EventExecutor, List<LiveChannel>> loop : byLoop.entrySet()) {
            List<LiveChannel> mine = loop.getValue();
            Runnable task = () -> {
                for (LiveChannel channel : mine) {
                    channel.loopTaskQueued.set(false);
                    channel.drain();
                }
                written.run();
            };
            try {
                loop.getKey().execute(task);
            } catch (RejectedExecutionException e) {
                for (LiveChannel channel : mine) {
                    channel.loopTaskQueued.set(false);
                }
            }
        }
    }

    /**
     * Asks for a keep-alive comment when nothing was handed on since {@code idleSince} ({@link System#nanoTime}),
     * sent once the stream has nothing else to send.
     */
    void heartbeatIfIdleSince(long idleSince) {
        if (lastSentNanos - idleSince <= 0) {
            heartbeatDue = true;
            drain();
        }
    }

    /** False once the subscriber went away or was dropped. */
    public boolean open() {
        return !ended.get();
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuf> s) {
        if (subscriber != null) {
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            s.onError(new IllegalStateException("a live stream has one subscriber"));
            return;
        }
        subscriber = s;
        s.onSubscribe(this);
        drain();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            cancel();
            return;
        }
        demand.accumulateAndGet(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
        drain();
    }

    @Override
    public void cancel() {
        cancelled = true;
        end();
        drain();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.run();
        }
    }

    private void drain() {
        ChannelHandlerContext context = connection;
        if (context != null && directReady && !terminated && !context.executor().inEventLoop()) {
            // Direct writes happen on the connection's event loop only; the loop's task drains.
            if (loopTaskQueued.compareAndSet(false, true)) {
                try {
                    context.executor().execute(() -> {
                        loopTaskQueued.set(false);
                        drainHere();
                    });
                } catch (RejectedExecutionException e) {
                    loopTaskQueued.set(false);
                }
            }
            return;
        }
        drainHere();
    }

    private void drainHere() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Subscriber<? super ByteBuf> s = subscriber;
            if (s != null && !terminated) {
                emit(s);
            } else if (s == null && ended.get()) {
                clear();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Runs inside the drain loop only (one thread at a time). */
    private void emit(Subscriber<? super ByteBuf> s) {
        if (cancelled) {
            terminated = true;
            clear();
            return;
        }
        if (dropped || failedReplay) {
            terminated = true;
            clear();
            try {
                s.onError(dropped ? new Dropped() : new IllegalStateException("live replay failed"));
            } finally {
                closeConnection.run();
            }
            return;
        }
        ChannelHandlerContext context = connection;
        if (context == null) {
            emitThroughMicronaut(s);
        } else if (!firstHandedOn) {
            emitFirstPiece(s, context);
        } else if (directReady && context.executor().inEventLoop()) {
            writeDirectly(context);
        } else if (directReady) {
            // Reached from a thread other than the loop while the switch happened: the loop takes over.
            drain();
        }
    }

    private void emitThroughMicronaut(Subscriber<? super ByteBuf> s) {
        long wanted = demand.get();
        long sent = 0;
        while (sent < wanted) {
            ByteBuf chunk = nextChunk(false);
            if (chunk == null) {
                break;
            }
            s.onNext(chunk);
            sent++;
        }
        if (sent < wanted && heartbeatDue && replayed.isEmpty() && live.isEmpty()) {
            heartbeatDue = false;
            s.onNext(Unpooled.wrappedBuffer(LiveFrame.HEARTBEAT.bytes()));
            sent++;
        }
        if (sent > 0) {
            lastSentNanos = System.nanoTime();
            if (wanted != Long.MAX_VALUE) {
                demand.addAndGet(-sent);
            }
        }
    }

    /** One piece through Micronaut, which sends the response head with it; the rest waits until it has left. */
    private void emitFirstPiece(Subscriber<? super ByteBuf> s, ChannelHandlerContext context) {
        if (demand.get() <= 0) {
            return;
        }
        ByteBuf chunk = nextChunk(false);
        byte[] bytes;
        if (chunk != null) {
            bytes = ByteBufUtil.getBytes(chunk);
            chunk.release();
        } else if (heartbeatDue && replayed.isEmpty() && live.isEmpty()) {
            heartbeatDue = false;
            bytes = LiveFrame.HEARTBEAT.bytes();
        } else {
            return;
        }
        firstHandedOn = true;
        lastSentNanos = System.nanoTime();
        s.onNext(new FirstPiece(bytes, () -> {
            directReady = true;
            drain();
        }));
    }

    /**
     * On the connection's event loop: every piece waiting, while the connection is writable, then one flush;
     * not sooner than {@link #flushNanos} after the last flush.
     */
    private void writeDirectly(ChannelHandlerContext context) {
        if (wakeUpSet) {
            return;
        }
        long now = System.nanoTime();
        boolean waiting = !live.isEmpty() || !replayed.isEmpty() || replay != null || heartbeatDue;
        if (!waiting) {
            return;
        }
        if (flushNanos > 0 && lastFlushNanos != NOTHING_SENT && now - lastFlushNanos < flushNanos) {
            wakeUpIn(context, flushNanos - (now - lastFlushNanos));
            return;
        }
        Channel channel = context.channel();
        ChannelHandlerContext raw = belowEncoder(context);
        ChannelFuture last = null;
        while (channel.isWritable()) {
            ByteBuf chunk = nextChunk(raw != null);
            if (chunk == null) {
                break;
            }
            last = raw != null ? raw.write(chunk) : context.write(new DefaultHttpContent(chunk));
        }
        if (last == null && channel.isWritable() && heartbeatDue && replayed.isEmpty() && live.isEmpty()) {
            heartbeatDue = false;
            last = raw != null ? raw.write(HEARTBEAT_CHUNK.retainedDuplicate())
                    : context.write(new DefaultHttpContent(Unpooled.wrappedBuffer(LiveFrame.HEARTBEAT.bytes())));
        }
        if (last != null) {
            (raw != null ? raw : context).flush();
            lastSentNanos = now;
            lastFlushNanos = now;
        }
        if (!channel.isWritable() && channel.isActive()) {
            // More is written once Netty has passed on what it holds: when our last write completes, or soon.
            wakeUpSet = true;
            if (last != null) {
                last.addListener(done -> {
                    wakeUpSet = false;
                    if (done.isSuccess()) {
                        drain();
                    }
                });
            } else {
                context.executor().schedule(() -> {
                    wakeUpSet = false;
                    drain();
                }, UNWRITABLE_RETRY_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * The HTTP/1.1 encoder's context, below which a chunk goes as it is. That relies on the response being chunked:
     * Micronaut streams a body of unknown length chunked on HTTP/1.1 (also when the request asks for
     * {@code Connection: close}), and the tests read every stream through a strict de-chunking reader.
     */
    private ChannelHandlerContext belowEncoder(ChannelHandlerContext context) {
        if (!belowEncoderLooked) {
            belowEncoderLooked = true;
            belowEncoder = context.pipeline().context(HttpServerCodec.class);
        }
        return belowEncoder;
    }

    private void wakeUpIn(ChannelHandlerContext context, long nanos) {
        wakeUpSet = true;
        context.executor().schedule(() -> {
            wakeUpSet = false;
            drain();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The next piece of the response: replayed frames up to {@link #CHUNK_BYTES}, or the next live batch
     * (the buffer its subscribers share when this one takes all of it). Null when nothing is waiting (or the
     * next replay page is still being fetched). Drain loop only.
     */
    private ByteBuf nextChunk(boolean framed) {
        while (true) {
            // Read before polling: the replay's last page is queued before the replay is marked done.
            ReplaySource pending = replay;
            if (!replayed.isEmpty()) {
                return replayedChunk(framed);
            }
            if (pending != null) {
                fetchReplay();
                return null;
            }
            LiveBatch batch = live.poll();
            if (batch == null) {
                return null;
            }
            liveSize.addAndGet(-batch.size());
            ByteBuf chunk = liveChunk(batch, framed);
            if (chunk != null) {
                return chunk;
            }
        }
    }

    private ByteBuf replayedChunk(boolean framed) {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(1024);
        LiveFrame next;
        while (chunk.size() < CHUNK_BYTES && (next = replayed.poll()) != null) {
            if (next.bidSeq() > bidFloor) {
                bidFloor = next.bidSeq();
            }
            if (sendable(next)) {
                chunk.writeBytes(next.bytes());
            }
        }
        return piece(chunk, framed);
    }

    /** The batch's frames this subscriber has not had; null when none. */
    private ByteBuf liveChunk(LiveBatch batch, boolean framed) {
        if (batch.wholeAfter(bidFloor, closedSent)) {
            closedSent |= batch.hasClosed();
            return framed ? batch.sharedChunk() : batch.shared();
        }
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(256);
        for (LiveFrame frame : batch.frames()) {
            if (!skipped(frame) && sendable(frame)) {
                chunk.writeBytes(frame.bytes());
            }
        }
        return piece(chunk, framed);
    }

    /** What was gathered for this subscriber alone, as an HTTP chunk when {@code framed}; null when nothing. */
    private static ByteBuf piece(ByteArrayOutputStream gathered, boolean framed) {
        if (gathered.size() == 0) {
            return null;
        }
        byte[] bytes = gathered.toByteArray();
        return framed ? HttpChunk.of(bytes) : Unpooled.wrappedBuffer(bytes);
    }

    /** A live bid the replay (or the seq at connecting) already covers, or a second {@code closed}. */
    private boolean skipped(LiveFrame frame) {
        return (frame.bidSeq() > 0 && frame.bidSeq() <= bidFloor) || (frame.closed() && closedSent);
    }

    /** False for a second {@code closed}; notes the first. */
    private boolean sendable(LiveFrame frame) {
        if (frame.closed()) {
            if (closedSent) {
                return false;
            }
            closedSent = true;
        }
        return true;
    }

    private void fetchReplay() {
        ReplaySource source = replay;
        if (source == null || !fetching.compareAndSet(false, true)) {
            return;
        }
        try {
            blocking.execute(() -> {
                try {
                    ReplayPage page = source.next();
                    replayed.addAll(page.frames());
                    if (page.last()) {
                        replay = null;
                    }
                } catch (RuntimeException e) {
                    failedReplay = true;
                    end();
                } finally {
                    fetching.set(false);
                }
                drain();
            });
        } catch (RejectedExecutionException e) {
            fetching.set(false);
            failedReplay = true;
            end();
        }
    }

    private void clear() {
        live.clear();
        liveSize.set(0);
        replayed.clear();
    }
}
