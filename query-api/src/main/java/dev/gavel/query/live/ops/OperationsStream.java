package dev.gavel.query.live.ops;

import dev.gavel.query.live.PartitionTail;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one source of every subscriber's {@code operations} events. While anyone subscribes, one thread builds a
 * snapshot once a second, serializes it once and hands the same event to every subscriber, and the instance reads
 * the partition streams its rates come from (a {@link PartitionTail.Hold}, so they count from the session's first
 * second when nobody followed a live stream before); when the last one leaves it stops, and so do the archive-lag
 * and acceptor-health probes. The probes run between ticks and each
 * snapshot takes their latest results, so a slow Redis or acceptor never delays a tick. A new subscriber gets the
 * latest snapshot at once (the first one of a session once the first probes answered); a subscriber that does not
 * keep up holds only the newest snapshot it has not received, never a queue, and never slows the others.
 */
@Singleton
public class OperationsStream implements AutoCloseable {

    static final String EVENT = "operations";
    private static final long TICK_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(OperationsStream.class);

    private final OperationsCounter counter;
    private final PartitionTail tail;
    private final ArchiveLag archiveLag;
    private final AcceptorHealth acceptorHealth;
    private final JsonMapper json;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "live-operations");
        thread.setDaemon(true);
        return thread;
    });

    // Guarded by this: the subscribers of the current session, its sink and its schedule.
    private int subscribers;
    private Sinks.Many<Event<String>> sink;
    private ScheduledFuture<?> ticks;
    private PartitionTail.Hold hold;

    // Only touched on the ticker thread.
    private Double lagSeconds;
    private List<OperationsViews.Acceptor> acceptors = List.of();
    private boolean probing;
    private boolean lagFailing;

    public OperationsStream(OperationsCounter counter, PartitionTail tail, ArchiveLag archiveLag, AcceptorHealth acceptorHealth,
                            JsonMapper json) {
        this.counter = counter;
        this.tail = tail;
        this.archiveLag = archiveLag;
        this.acceptorHealth = acceptorHealth;
        this.json = json;
    }

    /** A subscriber's events: the latest snapshot first, then one a second, newest only when it lags. */
    public Flux<Event<String>> events() {
        return Flux.defer(() -> join().asFlux())
                .onBackpressureLatest()
                .doFinally(signal -> leave());
    }

    /** How many subscribers the stream has now. */
    public synchronized int subscribers() {
        return subscribers;
    }

    private synchronized Sinks.Many<Event<String>> join() {
        if (subscribers++ == 0) {
            // A sink per session: it replays only its latest snapshot, so nobody gets one from a past session.
            Sinks.Many<Event<String>> session = Sinks.many().replay().latest();
            sink = session;
            hold = tail.hold();
            ticker.execute(() -> probe().whenCompleteAsync((done, failure) -> publish(session), ticker));
            ticks = ticker.scheduleAtFixedRate(() -> tick(session), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return sink;
    }

    private synchronized void leave() {
        if (--subscribers == 0) {
            ticks.cancel(false);
            sink = null;
            hold.close();
            hold = null;
        }
    }

    private void tick(Sinks.Many<Event<String>> session) {
        try {
            publish(session);
            if (!probing) {
                probe();
            }
        } catch (RuntimeException e) {
            // An exception would end the schedule for good; the next tick tries again.
            LOG.error("operations snapshot failed", e);
        }
    }

    /** Asks Redis and the acceptors; their answers are taken in on the ticker thread. */
    private CompletableFuture<Void> probe() {
        probing = true;
        CompletableFuture<Void> lag = archiveLag.seconds().handleAsync((seconds, failure) -> {
            lagSeconds = seconds;
            if (failure != null && !lagFailing) {
                LOG.warn("archive lag unknown: Redis did not answer ({})", failure.toString());
            } else if (failure == null && lagFailing) {
                LOG.info("archive lag known again");
            }
            lagFailing = failure != null;
            return null;
        }, ticker);
        CompletableFuture<Void> health = acceptorHealth.check().thenAcceptAsync(states -> acceptors = states, ticker);
        return CompletableFuture.allOf(lag, health).whenCompleteAsync((done, failure) -> probing = false, ticker);
    }

    private void publish(Sinks.Many<Event<String>> session) {
        OperationsViews.Rates rates = counter.lastSecond();
        OperationsViews.Snapshot snapshot = new OperationsViews.Snapshot(rates.bids(), rates.impressions(),
                rates.certificates(), lagSeconds, acceptors, counter.hotItems());
        try {
            session.tryEmitNext(Event.of(json.writeValueAsString(snapshot)).name(EVENT));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize an operations snapshot", e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
