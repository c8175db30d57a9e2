package dev.gavel.query.live;

import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.query.store.RedisStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fans the partition streams out to this instance's live subscribers, in memory: an item's subscribers get
 * its bids, extensions and close; a user's subscribers get their outbids and the outcome of the items they
 * bid on. Each event is serialised once, whatever the number of subscribers. One timer sends a keep-alive
 * comment to each subscriber that has been sent nothing for about the heartbeat interval: busy streams need
 * none, and idle ones come due at their own times, not all ten thousand at once.
 */
@Singleton
public class LiveHub implements LiveListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    /** Usernames asked in one ZMSCORE. */
    private static final int MEMBERS_PER_COMMAND = 1000;

    private final Map<String, Set<LiveChannel>> byItem = new ConcurrentHashMap<>();
    private final Map<String, Set<LiveChannel>> byUser = new ConcurrentHashMap<>();
    private final Set<LiveChannel> all = ConcurrentHashMap.newKeySet();
    /** The latest bid seq of each item with subscribers: the id of its extended and closed events. */
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    /** Per item, the subscribed users this instance saw bid on it (the processor's bidders set may lag). */
    private final Map<String, Set<String>> seenBidders = new ConcurrentHashMap<>();
    private final LiveFrames frames;
    private final LiveConfig config;
    private final RedisStore redis;
    private final RedisKeys keys;
    private final ExecutorService blocking;
    private final ScheduledExecutorService timer;
    private final Counter dropped;
    private final Timer deliveryLag;

    public LiveHub(LiveFrames frames, LiveConfig config, RedisStore redis, RedisKeys keys, MeterRegistry meters,
                   @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.frames = frames;
        this.config = config;
        this.redis = redis;
        this.keys = keys;
        this.blocking = blocking;
        Gauge.builder("gavel.live.subscribers", all, Set::size)
                .description("live stream subscribers (item and user streams) open on this instance")
                .register(meters);
        this.dropped = Counter.builder("gavel.live.dropped")
                .description("live subscribers dropped for falling GAVEL_LIVE_BUFFER_EVENTS events behind")
                .register(meters);
        this.deliveryLag = Timer.builder("gavel.live.delivery.lag")
                .description("from a live event's append to its partition stream (Redis's clock) until it was written to its"
                        + " subscribers' connections, once per batch, subscriber group (an item's, a user's) and event loop; the batch's"
                        + " oldest event counts")
                .publishPercentiles(0.5, 0.9, 0.99)
                .publishPercentileHistogram()
                .register(meters);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "gavel-live-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long interval = TimeUnit.SECONDS.toNanos(config.getHeartbeatSeconds());
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(100), Math.min(TimeUnit.SECONDS.toNanos(1), interval / 4));
        // Due once idle for the interval less one tick: the tick that finds it due comes before the interval ends.
        long idle = interval - tick;
        timer.scheduleAtFixedRate(() -> heartbeat(idle), tick, tick, TimeUnit.NANOSECONDS);
    }

    /**
     * A new subscriber of the item; {@code knownSeq} is the item's latest bid seq as read before subscribing.
     * {@code left} runs once it has left.
     */
    LiveChannel subscribeItem(String item, long knownSeq, Runnable left) {
        LiveChannel[] holder = new LiveChannel[1];
        LiveChannel channel = new LiveChannel(config.getBufferEvents(), config.getFlushMs(), blocking,
                () -> {
                    leave(byItem, item, holder[0], true);
                    left.run();
                }, dropped::increment);
        holder[0] = channel;
        // Joined first: the item's seq is dropped only when its last subscriber leaves, which this one is not.
        join(byItem, item, channel);
        lastSeq.merge(item, knownSeq, Math::max);
        return channel;
    }

    /** A new subscriber of the user's events; {@code left} runs once it has left. */
    LiveChannel subscribeUser(String username, Runnable left) {
        LiveChannel[] holder = new LiveChannel[1];
        LiveChannel channel = new LiveChannel(config.getBufferEvents(), config.getFlushMs(), blocking,
                () -> {
                    leave(byUser, username, holder[0], false);
                    left.run();
                }, dropped::increment);
        holder[0] = channel;
        join(byUser, username, channel);
        return channel;
    }

    /** The item's latest bid seq as far as this hub knows (0 when none). */
    long lastSeq(String item) {
        return lastSeq.getOrDefault(item, 0L);
    }

    int subscribers() {
        return all.size();
    }

    private void join(Map<String, Set<LiveChannel>> index, String key, LiveChannel channel) {
        all.add(channel);
        index.compute(key, (k, set) -> {
            Set<LiveChannel> channels = set == null ? ConcurrentHashMap.newKeySet() : set;
            channels.add(channel);
            return channels;
        });
    }

    private void leave(Map<String, Set<LiveChannel>> index, String key, LiveChannel channel, boolean item) {
        all.remove(channel);
        index.computeIfPresent(key, (k, set) -> {
            set.remove(channel);
            if (set.isEmpty()) {
                if (item) {
                    lastSeq.remove(key);
                }
                return null;
            }
            return set;
        });
    }

    /**
     * Gathers the batch's events per set of subscribers (an item's, a user's), joins each set's events into one
     * buffer they all share, then queues it for each subscriber and flushes them: a hot item's subscriber
     * gets one write per batch read from the streams, not one per bid, and no copy of its own.
     */
    @Override
    public void onEvents(List<LiveEvent> events) {
        Map<Set<LiveChannel>, List<LiveFrame>> pending = new IdentityHashMap<>();
        for (LiveEvent event : events) {
            if (StreamEntry.TYPE_BID.equals(event.type())) {
                onBid(event, pending);
            } else if (StreamEntry.TYPE_ITEM_CLOSED.equals(event.type())) {
                onClosed(event, pending);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        long appendedMs = oldestAppend(events);
        Runnable written = () -> deliveryLag.record(Math.max(0, System.currentTimeMillis() - appendedMs), TimeUnit.MILLISECONDS);
        for (Map.Entry<Set<LiveChannel>, List<LiveFrame>> target : pending.entrySet()) {
            LiveBatch batch = new LiveBatch(target.getValue());
            for (LiveChannel channel : target.getKey()) {
                channel.enqueue(batch);
            }
            LiveChannel.flushAll(target.getKey(), written);
        }
    }

    /** When the batch's oldest entry was appended, in Redis's milliseconds (the first part of its stream id). */
    static long oldestAppend(List<LiveEvent> events) {
        long oldest = Long.MAX_VALUE;
        for (LiveEvent event : events) {
            try {
                oldest = Math.min(oldest, StreamEntry.millisOf(event.streamId()));
            } catch (NumberFormatException e) {
                // Not a stream id (never from Redis); the batch is timed by the others.
            }
        }
        return oldest == Long.MAX_VALUE ? System.currentTimeMillis() : oldest;
    }

    private void onBid(LiveEvent bid, Map<Set<LiveChannel>, List<LiveFrame>> pending) {
        Set<LiveChannel> watchers = byItem.get(bid.item());
        if (watchers != null) {
            lastSeq.merge(bid.item(), bid.seq(), Math::max);
            queue(watchers, frames.bid(bid), pending);
            if (bid.closesAtUs().isPresent()) {
                queue(watchers, frames.extended(bid.closesAtUs().get(), bid.seq()), pending);
            }
        }
        if (!bid.displaced().isEmpty()) {
            Set<LiveChannel> outbid = byUser.get(bid.displaced());
            if (outbid != null) {
                queue(outbid, frames.outbid(bid.item(), bid.priceCents(), bid.user()), pending);
            }
        }
        if (byUser.containsKey(bid.user())) {
            seenBidders.computeIfAbsent(bid.item(), k -> ConcurrentHashMap.newKeySet()).add(bid.user());
        }
    }

    private void onClosed(LiveEvent closed, Map<Set<LiveChannel>, List<LiveFrame>> pending) {
        Object result = LiveFrames.result(closed);
        Set<LiveChannel> watchers = byItem.get(closed.item());
        if (watchers != null) {
            queue(watchers, frames.closed(result, closed.reason(), lastSeq(closed.item())), pending);
        }
        Set<String> seen = seenBidders.remove(closed.item());
        List<String> subscribed = new ArrayList<>(byUser.keySet());
        if (subscribed.isEmpty()) {
            return;
        }
        Set<String> bidders = ConcurrentHashMap.newKeySet();
        if (seen != null) {
            bidders.addAll(seen);
        }
        if (!closed.winner().isEmpty()) {
            bidders.add(closed.winner());
        }
        askBidders(closed, result, subscribed, 0, bidders);
    }

    /**
     * Which subscribed users bid on the closed item: the processor's bidders set, asked in chunks without
     * blocking, united with what this instance saw; then each gets {@code won} or {@code lost}.
     */
    private void askBidders(LiveEvent closed, Object result, List<String> subscribed, int from, Set<String> bidders) {
        if (from >= subscribed.size()) {
            announce(closed, result, bidders);
            return;
        }
        List<String> chunk = subscribed.subList(from, Math.min(subscribed.size(), from + MEMBERS_PER_COMMAND));
        try {
            redis.async().zmscore(keys.itemBidders(closed.item()), chunk.toArray(String[]::new))
                    .whenComplete((scores, failure) -> {
                        if (failure != null) {
                            LOG.warn("live: bidders of closed item '{}' not read ({}); only bids seen here get won/lost",
                                    closed.item(), failure.toString());
                        } else {
                            for (int i = 0; i < chunk.size(); i++) {
                                if (scores.get(i) != null) {
                                    bidders.add(chunk.get(i));
                                }
                            }
                        }
                        askBidders(closed, result, subscribed, from + MEMBERS_PER_COMMAND, bidders);
                    });
        } catch (RuntimeException e) {
            LOG.warn("live: bidders of closed item '{}' not read ({})", closed.item(), e.toString());
            announce(closed, result, bidders);
        }
    }

    private void announce(LiveEvent closed, Object result, Set<String> bidders) {
        LiveFrame won = frames.outcome("won", closed.item(), result);
        LiveFrame lost = frames.outcome("lost", closed.item(), result);
        for (String user : new HashSet<>(bidders)) {
            Set<LiveChannel> channels = byUser.get(user);
            if (channels != null) {
                send(channels, user.equals(closed.winner()) ? won : lost);
            }
        }
    }

    private static void queue(Set<LiveChannel> channels, LiveFrame frame, Map<Set<LiveChannel>, List<LiveFrame>> pending) {
        pending.computeIfAbsent(channels, k -> new ArrayList<>()).add(frame);
    }

    private static void send(Set<LiveChannel> channels, LiveFrame frame) {
        for (LiveChannel channel : channels) {
            channel.offer(frame);
        }
    }

    private void heartbeat(long idleNanos) {
        long idleSince = System.nanoTime() - idleNanos;
        for (LiveChannel channel : all) {
            channel.heartbeatIfIdleSince(idleSince);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
