package dev.gavel.bench.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * One SSE subscriber on one item's live stream. A fast one reads every event and reports the probe
 * user's bids to the ledger; a slow one stops reading as soon as its stream opens (its response is
 * paused, so the tool stops reading its socket and the server's send buffer fills), as a client that
 * never reads would. Touched only from its connection's event loop, except the volatile state the
 * main thread reads at the end.
 */
final class Subscriber implements SseParser.Listener {

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
    private HttpClientResponse response;

    Subscriber(int id, String item, boolean slow, ProbeLedger ledger, BidUser probeUser, Counters counters) {
        this.id = id;
        this.item = item;
        this.slow = slow;
        this.ledger = ledger;
        this.probeUser = probeUser;
        this.counters = counters;
    }

    /** The stream's response came: 200 opens it, anything else fails it. */
    void responded(HttpClientResponse r) {
        status = r.statusCode();
        if (state == State.FAILED) {
            // It answered after the tool stopped waiting: it stays failed, and its connection goes.
            r.request().connection().close();
            return;
        }
        if (status != 200) {
            state = State.FAILED;
            failure = Failure.STATUS;
            r.body();
            return;
        }
        response = r;
        openedNanos = System.nanoTime();
        state = State.OPEN;
        r.handler(this::chunk);
        r.endHandler(v -> ended());
        r.exceptionHandler(e -> ended());
        if (slow) {
            r.pause();
        }
    }

    /** The connection or the request failed before a response. */
    void failed() {
        if (state == State.CONNECTING) {
            failure = Failure.CONNECT;
            state = State.FAILED;
        } else {
            ended();
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
        if (response != null) {
            response.resume();
        }
    }

    /** From here on an end of the stream is the tool's own doing, not a drop. */
    void closing() {
        closing = true;
    }

    private void chunk(Buffer buffer) {
        arrivalNanos = System.nanoTime();
        parser.feed(buffer.getBytes());
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

    private void ended() {
        if (state == State.OPEN && !closing) {
            state = State.ENDED;
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
