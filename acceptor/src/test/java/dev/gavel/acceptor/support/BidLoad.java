package dev.gavel.acceptor.support;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Bids on one item from a few threads (users {@code bidder0..}, passwords {@code pw0..}) until stopped or
 * a bounded count: every answer's status, and each 201 as {@code "seq|user|"} with when it came.
 */
public final class BidLoad implements AutoCloseable {

    private static final int MAX_BIDS_PER_THREAD = 5_000;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool;
    private final List<Future<?>> bidders = new ArrayList<>();

    private BidLoad(int threads) {
        this.pool = Executors.newFixedThreadPool(threads);
    }

    public static BidLoad start(RunningAcceptor acceptor, String item, int threads) {
        BidLoad load = new BidLoad(threads);
        for (int t = 0; t < threads; t++) {
            String user = "bidder" + t;
            String credentials = TestData.basic(user, "pw" + t);
            load.bidders.add(load.pool.submit(() -> {
                for (int i = 1; !load.stop.get() && i <= MAX_BIDS_PER_THREAD; i++) {
                    HttpResponse<String> bid = acceptor.bid(item, "{\"amount\": " + i + "}", credentials);
                    load.statuses.add(bid.statusCode());
                    if (bid.statusCode() == 201) {
                        long seq = new JsonObject(bid.body()).getLong("seq");
                        load.acknowledged.add(new Acknowledged(seq + "|" + user + "|", Instant.now()));
                    } else {
                        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                    }
                }
            }));
        }
        return load;
    }

    /** Waits until {@code count} more bids than now are acknowledged, for at most {@code bound}. */
    public void awaitMore(int count, Duration bound) {
        int target = acknowledged.size() + count;
        Instant deadline = Instant.now().plus(bound);
        while (acknowledged.size() < target) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("only " + acknowledged.size() + " bids acknowledged, " + target
                        + " awaited within " + bound);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /** Each acknowledged bid as {@code "seq|user|"}, the start of its entry in the bid list. */
    public List<String> acknowledged() {
        return acknowledged.stream().map(Acknowledged::entryStart).toList();
    }

    /** Whether a bid was acknowledged after the moment. */
    public boolean acknowledgedAfter(Instant moment) {
        return acknowledged.stream().anyMatch(bid -> bid.at().isAfter(moment));
    }

    public List<Integer> statuses() {
        return List.copyOf(statuses);
    }

    /** Stops the threads and waits for their last bids. */
    @Override
    public void close() throws InterruptedException, ExecutionException {
        stop.set(true);
        try {
            for (Future<?> bidder : bidders) {
                bidder.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record Acknowledged(String entryStart, Instant at) {
    }
}
