package dev.gavel.bench.live;

import io.netty.channel.ChannelHandlerContext;

/**
 * One SSE subscriber on one item's live stream. A fast one reads every event and reports the probe
 * user's bids to the ledger; a slow one stops reading as soon as its stream opens (its channel stops
 * reading its socket, so the server's send buffer fills), as a client that never reads would. Touched
 * only from its connection's event loop, except the volatile state the main thread reads at the end.
 */
final class Subscriber implements SseParser.Listener, StreamConnection.Listener {

    enum State { CONNECTING, OPEN, FAILED, ENDED }

    /** Why a stream did not open: no answer in time, an answer other than 200, or a connection error. */
    enum Failure { NONE, TIMEOUT, STATUS, CONNECT }

    private final int id;
    private final String item;
    private final boolean slow;
    private final ProbeLedger ledger;
    private final BidUser probeUser;
    private final Counters counters;
    private final SseParser parser = new SseParser(this);
    private volatile State state = State.CONNECTING;
    private volatile Failure failure = Failure.NONE;
    private volatile long openedNanos;
    private volatile boolean closing;
    private volatile int status;
    private long arrivalNanos;
    private volatile ChannelHandlerContext connection;

    Subscriber(int id, String item, boolean slow, ProbeLedger ledger, BidUser probeUser, Counters counters) {
        this.id = id;
        this.item = item;
        this.slow = slow;
        this.ledger = ledger;
        this.probeUser = probeUser;
        this.counters = counters;
    }

    /** The stream's response came: 200 opens it, anything else fails it (its connection closes). */
    @Override
    public void responded(int statusCode, ChannelHandlerContext context) {
        status = statusCode;
        if (state == State.FAILED) {
            // It answered after the tool stopped waiting: it stays failed, and its connection goes.
            context.close();
            return;
        }
        if (status != 200) {
            state = State.FAILED;
            failure = Failure.STATUS;
            return;
        }
        connection = context;
        openedNanos = System.nanoTime();
        state = State.OPEN;
        if (slow) {
            context.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void body(byte[] bytes, int offset, int length, long arrival) {
        arrivalNanos = arrival;
        parser.feed(bytes, offset, length);
    }

    /** The connection could not be made. */
    void failed() {
        if (state == State.CONNECTING) {
            failure = Failure.CONNECT;
            state = State.FAILED;
        }
    }

    /** No answer within the tool's wait: failed for good, whatever comes later. */
    void timedOut() {
        if (state == State.CONNECTING) {
            failure = Failure.TIMEOUT;
            state = State.FAILED;
        }
    }

    /** At the end: a slow subscriber reads again, so a stream the server has closed shows as ended. */
    void resume() {
        ChannelHandlerContext context = connection;
        if (context != null) {
            context.channel().config().setAutoRead(true);
        }
    }

    /** From here on an end of the stream is the tool's own doing, not a drop. */
    void closing() {
        closing = true;
    }

    @Override
    public void event(String type, long eventId, byte[] data, int length) {
        if (!SseParser.BID.equals(type)) {
            return;
        }
        counters.bidEvent(slow);
        if (!slow && eventId >= 0 && probeUser.matches(data, length)) {
            ledger.arrived(id, item, eventId, arrivalNanos);
        }
    }

    /** The connection ended: a drop when it was open, a failed connection when no answer had come. */
    @Override
    public void ended() {
        if (state == State.OPEN && !closing) {
            state = State.ENDED;
        } else if (state == State.CONNECTING) {
            failure = Failure.CONNECT;
            state = State.FAILED;
        }
    }

    int id() {
        return id;
    }

    String item() {
        return item;
    }

    boolean slow() {
        return slow;
    }

    State state() {
        return state;
    }

    int status() {
        return status;
    }

    Failure failure() {
        return failure;
    }

    long openedNanos() {
        return openedNanos;
    }
}
