package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fault suite's load: {@link FaultLoadClient}s writing bids and impressions to the items and certificate
 * grants of one share class through nginx, half as john and half as otto (the demo's users), the grants as the
 * admin, until {@link #stop()}. Whoever drives it injects its faults meanwhile and judges the writes with
 * {@link FaultVerdict}.
 */
final class FaultLoad implements AutoCloseable {

    private static final String ADMIN = "admin:e2e-admin-secret";
    /** A client's last write may retry for up to a minute once the load stops. */
    private static final Duration CLIENT_DRAIN = Duration.ofSeconds(90);

    /** Every write of every client, the answers the contract forbids, and how long the load ran. */
    record Outcome(List<WriteRecord> writes, List<FaultLoadClient.Finding> protocol, Duration load) {
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService pool;
    private final List<Future<FaultLoadClient.Result>> results = new ArrayList<>();
    private final Instant started = Instant.now();

    private FaultLoad(int clients) {
        this.pool = Executors.newFixedThreadPool(clients);
    }

    /**
     * Creates the share class (the items must exist), takes the tokens and starts {@code clients} clients, each
     * sending at most {@code maxWritesEach} writes.
     */
    static FaultLoad start(Api api, int port, List<String> items, String shareClass, int clients, int maxWritesEach) {
        created(api.send("POST", "/share-classes", ADMIN,
                "{\"code\": \"" + shareClass + "\", \"name\": \"Fault suite stock\", \"authorized\": 1000000000}"));
        String john = token(api, "john:12345");
        String otto = token(api, "otto:54321");
        String admin = token(api, ADMIN);
        FaultLoad load = new FaultLoad(clients);
        for (int i = 0; i < clients; i++) {
            load.results.add(load.pool.submit(new FaultLoadClient(i + 1, port, items, shareClass,
                    i % 2 == 0 ? "john" : "otto", "Bearer " + (i % 2 == 0 ? john : otto), "Bearer " + admin,
                    maxWritesEach, load.running::get)));
        }
        return load;
    }

    /** Items for the load, created as the admin. */
    static void createItems(Api api, List<String> items, String title) {
        for (String item : items) {
            created(api.send("POST", "/items", ADMIN, "{\"id\": \"" + item + "\", \"title\": \"" + title + " " + item + "\"}"));
        }
    }

    /** Tells every client to stop after its current write, and waits (bounded) until each has settled it. */
    Outcome stop() throws InterruptedException, ExecutionException {
        running.set(false);
        pool.shutdown();
        Duration load = Duration.between(started, Instant.now());
        List<WriteRecord> writes = new ArrayList<>();
        List<FaultLoadClient.Finding> protocol = new ArrayList<>();
        for (Future<FaultLoadClient.Result> result : results) {
            FaultLoadClient.Result done = drained(result);
            writes.addAll(done.writes());
            protocol.addAll(done.protocolFindings());
        }
        return new Outcome(writes, protocol, load);
    }

    /** Stops the clients at once, should the test end before {@link #stop()}; nothing after stop(). */
    @Override
    public void close() {
        running.set(false);
        pool.shutdownNow();
    }

    private static FaultLoadClient.Result drained(Future<FaultLoadClient.Result> result)
            throws InterruptedException, ExecutionException {
        try {
            return result.get(CLIENT_DRAIN.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("a load client did not finish within " + CLIENT_DRAIN + " of the load's end", e);
        }
    }

    private static String token(Api api, String credentials) {
        Api.Reply reply = api.send("POST", "/auth/tokens", credentials, null);
        created(reply);
        return reply.json().get("token").asText();
    }

    private static void created(Api.Reply reply) {
        assertEquals(201, reply.status(), reply::toString);
    }
}
