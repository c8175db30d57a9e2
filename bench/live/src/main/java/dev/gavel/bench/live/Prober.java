package dev.gavel.bench.live;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Places the probe bids: PUT /items/{item}/bids as the probe user, round-robin over the items, at a
 * fixed rate for a fixed time (so at most rate x seconds of them), with a bounded number in flight:
 * a probe whose turn comes while that many are unanswered is skipped and counted, never queued, so a
 * slow acceptor cannot make the probes bunch up. Each 201's seq goes to the ledger with the time the
 * answer arrived.
 */
final class Prober {

    static final int MAX_IN_FLIGHT = 16;

    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*([0-9]+)");

    private final HttpClient client;
    private final Target target;
    private final String authorization;
    private final ProbeLedger ledger;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private long sent;
    private long skipped;

    /** {@code target}: where the bids go (nginx or an acceptor); {@code credentials}: "user:password". */
    Prober(HttpClient client, Target target, String credentials, ProbeLedger ledger) {
        this.client = client;
        this.target = target;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.ledger = ledger;
    }

    /** One bid outside the measurement (the acceptor caches the probe user's password on it); its status, 0 for none. */
    int warm(String item, Duration timeout) {
        try {
            return request(item).map(Answer::status)
                    .toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Probes at {@code perSecond} for {@code duration}, from the calling thread (never an event loop). */
    void run(List<String> items, double perSecond, Duration duration) throws InterruptedException {
        run(items, perSecond, duration, () -> false);
    }

    /** As {@link #run(List, double, Duration)}, but ends before a turn once {@code enough} says so (a warm-up that may end early). */
    void run(List<String> items, double perSecond, Duration duration, BooleanSupplier enough) throws InterruptedException {
        long start = System.nanoTime();
        long interval = Math.round(1_000_000_000L / perSecond);
        long count = Math.max(1, Math.round(duration.toNanos() / 1e9 * perSecond));
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (enough.getAsBoolean()) {
                return;
            }
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                skipped++;
                continue;
            }
            probe(items.get((int) (i % items.size())));
        }
    }

    /** Waits (at most {@code timeout}) for the probes still in flight. */
    void drain(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private void probe(String item) {
        sent++;
        inFlight.incrementAndGet();
        long sentNanos = System.nanoTime();
        request(item).onComplete(answer -> {
            OptionalLong seq = answer.succeeded() && answer.result().status() == 201 ? seqOf(answer.result().body()) : OptionalLong.empty();
            if (seq.isPresent()) {
                accepted.incrementAndGet();
                ledger.accepted(item, seq.getAsLong(), sentNanos, answer.result().answeredNanos());
            } else {
                refused.incrementAndGet();
            }
            inFlight.decrementAndGet();
        });
    }

    /** A probe's answer: its status, its body, and when its head arrived. */
    private record Answer(int status, Buffer body, long answeredNanos) {
    }

    /**
     * The bid and its whole answer. The body is asked for inside the send's own continuation, on the
     * connection's event loop, before the response's bytes are handed on: asked for later (from a callback
     * registered by the probing thread), a body that came in the same read as the head was already gone,
     * and a 201 read as empty (seen on the loaded machine: a probe or two refused per run).
     */
    private Future<Answer> request(String item) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT).setHost(target.host()).setPort(target.port())
                .setURI("/items/" + item + "/bids").putHeader("Authorization", authorization)
                .putHeader("Content-Type", "application/json").setTimeout(10_000);
        return client.request(options).compose(req -> req.send(Buffer.buffer("{\"amount\": 1.00}")).compose(response -> {
            long answered = System.nanoTime();
            return response.body().map(body -> new Answer(response.statusCode(), body, answered));
        }));
    }

    static OptionalLong seqOf(Buffer body) {
        Matcher m = SEQ.matcher(body.toString(StandardCharsets.UTF_8));
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    long sent() {
        return sent;
    }

    long skipped() {
        return skipped;
    }

    long accepted() {
        return accepted.get();
    }

    /** Probes answered with anything but a 201 carrying a seq, or not answered. */
    long refused() {
        return refused.get();
    }
}
