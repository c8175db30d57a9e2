package dev.gavel.query.live;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscriber's stream: a Reactive Streams publisher that hands on events only as far as the HTTP
 * layer asks (Micronaut asks for more only once Netty could write what it had), with a bounded buffer of
 * live events in between. A subscriber that lags GAVEL_LIVE_BUFFER_EVENTS events behind is dropped: its
 * buffer is emptied and its stream fails, which closes the connection, so it costs the others nothing.
 *
 * <p>A resuming subscriber first receives its replay (pages fetched on the blocking pool, one page at a
 * time, as demand allows) while live events wait in the buffer; then the live events, skipping every bid
 * whose seq the replay already sent. A {@code closed} event is sent at most once.
 */
public final class LiveChannel implements Publisher<byte[]>, Subscription {

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

    /** {@link #lastSentNanos} until the first piece is handed on. */
    private static final long NOTHING_SENT = Long.MIN_VALUE;
    /** The most bytes handed to the HTTP layer as one piece; enough for a few hundred bid events. */
    private static final int CHUNK_BYTES = 32 * 1024;

    private final int capacity;
    private final Runnable onEnd;
    private final Runnable onDrop;
    private final Queue<LiveFrame> live = new ConcurrentLinkedQueue<>();
    private final AtomicInteger liveSize = new AtomicInteger();
    private final Queue<LiveFrame> replayed = new ConcurrentLinkedQueue<>();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean fetching = new AtomicBoolean();
    private final Executor blocking;
    private volatile ReplaySource replay;
    /** Closes the subscriber's connection; see {@link #closeConnectionOnDrop}. */
    private volatile Runnable closeConnection = () -> { };
    private volatile Subscriber<? super byte[]> subscriber;
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

    LiveChannel(int capacity, Executor blocking, Runnable onEnd, Runnable onDrop) {
        this.capacity = capacity;
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

    /** Before subscription: replay from {@code source} first, and skip live bids up to what it sends. */
    void replayFrom(ReplaySource source, long afterSeq) {
        this.bidFloor = afterSeq;
        this.replay = source;
    }

    /** Queues a live event and hands on what the subscriber can take; see {@link #enqueue}. Thread-safe. */
    void offer(LiveFrame frame) {
        enqueue(frame);
        flush();
    }

    /**
     * Queues a live event without handing it on yet ({@link #flush} does), so that a batch of events leaves
     * as one write; drops the subscriber instead once its buffer is full. Thread-safe.
     */
    void enqueue(LiveFrame frame) {
        if (ended.get()) {
            return;
        }
        // Not before the first piece went out: Micronaut sends the response head with it, and an error before the
        // head becomes an error response on a connection kept open, not a closed stream. The first piece goes as
        // soon as Micronaut subscribes, never-reading client or not (the head fits the socket's buffers).
        if (liveSize.incrementAndGet() > capacity && lastSentNanos != NOTHING_SENT) {
            dropped = true;
            end();
            onDrop.run();
            return;
        }
        live.add(frame);
    }

    /** Hands on what is queued, as far as the subscriber asked for it. Thread-safe. */
    void flush() {
        drain();
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
    public void subscribe(Subscriber<? super byte[]> s) {
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
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Subscriber<? super byte[]> s = subscriber;
            if (s != null && !terminated) {
                emit(s);
            } else if (s == null && ended.get()) {
                clear();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Runs inside the drain loop only (one thread at a time). */
    private void emit(Subscriber<? super byte[]> s) {
        if (cancelled) {
            terminated = true;
            clear();
            return;
        }
        if (dropped || failedReplay) {
            terminated = true;
            clear();
            s.onError(dropped ? new Dropped() : new IllegalStateException("live replay failed"));
            closeConnection.run();
            return;
        }
        long wanted = demand.get();
        long sent = 0;
        while (sent < wanted) {
            byte[] chunk = nextChunk();
            if (chunk == null) {
                break;
            }
            s.onNext(chunk);
            sent++;
        }
        if (sent < wanted && heartbeatDue && replayed.isEmpty() && live.isEmpty()) {
            heartbeatDue = false;
            s.onNext(LiveFrame.HEARTBEAT.bytes());
            sent++;
        }
        if (sent > 0) {
            lastSentNanos = System.nanoTime();
            if (wanted != Long.MAX_VALUE) {
                demand.addAndGet(-sent);
            }
        }
    }

    /**
     * Every frame waiting now, up to {@link #CHUNK_BYTES}, as one piece of the response: one write for many
     * events. A subscriber of a hot item then costs one write per read of the streams, not one per bid.
     * Null when nothing is waiting (or the next replay page is still being fetched). Drain loop only.
     */
    private byte[] nextChunk() {
        ByteArrayOutputStream chunk = null;
        while (chunk == null || chunk.size() < CHUNK_BYTES) {
            // Read before polling: the replay's last page is queued before the replay is marked done.
            ReplaySource pending = replay;
            LiveFrame next = replayed.poll();
            if (next != null) {
                if (next.bidSeq() > bidFloor) {
                    bidFloor = next.bidSeq();
                }
            } else if (pending != null) {
                fetchReplay();
                break;
            } else {
                next = live.poll();
                if (next == null) {
                    break;
                }
                liveSize.decrementAndGet();
                if (next.bidSeq() > 0 && next.bidSeq() <= bidFloor) {
                    continue;
                }
            }
            if (next.closed()) {
                if (closedSent) {
                    continue;
                }
                closedSent = true;
            }
            if (chunk == null) {
                chunk = new ByteArrayOutputStream(Math.max(256, next.bytes().length * 4));
            }
            chunk.writeBytes(next.bytes());
        }
        return chunk == null ? null : chunk.toByteArray();
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
