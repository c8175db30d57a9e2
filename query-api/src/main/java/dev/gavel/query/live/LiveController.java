package dev.gavel.query.live;

import dev.gavel.contract.Identifiers;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.auth.AccessGuard;
import dev.gavel.query.auth.Principal;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.item.ItemService;
import dev.gavel.query.item.ItemState;
import dev.gavel.query.item.ItemViews;
import dev.gavel.query.store.RedisStore;
import dev.gavel.query.user.AdminBootstrap;
import dev.gavel.query.user.UserService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpVersion;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The item and user live streams (docs/api.md "Live"). The checks (item exists, credentials) run before the
 * stream starts, so they answer the contract's JSON errors; then the response is a text/event-stream fed
 * by {@link LiveHub}.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class LiveController {

    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");
    private static final String OPEN = "open";
    private static final String CLOSED = "closed";

    private final LiveHub hub;
    private final PartitionTail tail;
    private final ItemService items;
    private final ItemState itemState;
    private final UserService users;
    private final AccessGuard guard;
    private final RedisStore redis;
    private final RedisKeys keys;
    private final LiveFrames frames;

    public LiveController(LiveHub hub, PartitionTail tail, ItemService items, ItemState itemState, UserService users,
                          AccessGuard guard, RedisStore redis, RedisKeys keys, LiveFrames frames) {
        this.hub = hub;
        this.tail = tail;
        this.items = items;
        this.itemState = itemState;
        this.users = users;
        this.guard = guard;
        this.redis = redis;
        this.keys = keys;
        this.frames = frames;
    }

    /**
     * A new subscriber starts with the next event. With {@code Last-Event-ID: N} it subscribes first (live
     * events wait in its buffer), then receives the bids with seq above N from the item's list, then the
     * live ones above the last replayed: none missed, none twice. What the list cannot tell follows the
     * replay: {@code closed} when the item is closed by then, else {@code extended} with its closing time when
     * bids were replayed (an extension may have happened in the gap). The streams are read from before the
     * item's state is (PartitionTail's hold, taken first), so no bid falls between the two.
     */
    @Get(uri = "/items/{item}/live", produces = MediaType.TEXT_EVENT_STREAM)
    public HttpResponse<Publisher<ByteBuf>> item(String item, @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                                HttpRequest<?> request) {
        Long resumeAfter = resumePoint(lastEventId);
        if (!Identifiers.isItemId(item)) {
            throw notFound(item);
        }
        PartitionTail.Hold hold = tail.hold();
        try {
            awaitTail(keys.partitionOf(item));
            // The item hash in Redis, not the catalogue in MongoDB: thousands of subscribers may connect at once
            // (after a restart, all of them), and one Redis read each costs far less than a MongoDB query.
            ItemState.Snapshot found = itemState.read(item).orElseThrow(() -> notFound(item));
            LiveChannel channel = hub.subscribeItem(item, found.bidCount(), hold::close);
            channel.closeConnectionOnDrop(connectionCloser(request));
            writeDirectly(channel, request);
            if (resumeAfter == null) {
                channel.startAfter(found.bidCount());
            } else {
                long after = resumeAfter;
                channel.replayFrom(new ItemReplay(redis, keys.itemBids(item), after, frames,
                        lastSeq -> afterReplay(item, lastSeq, lastSeq > after)), after);
            }
            return stream(channel);
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
    }

    /** The user's outbids, wins and losses; the user or an admin only, like the other user-scoped writes. */
    @Get(uri = "/users/{username}/live", produces = MediaType.TEXT_EVENT_STREAM)
    public HttpResponse<Publisher<ByteBuf>> user(String username,
                                                       @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                                       HttpRequest<?> request) {
        Principal caller = guard.authenticate(authorization);
        boolean self = caller.username().equals(username);
        if (!self && !caller.hasRole(AdminBootstrap.ADMIN)) {
            throw ApiException.forbidden("only the user or an admin may follow a user's live stream");
        }
        if (!self && users.find(username).isEmpty()) {
            throw ApiException.notFound("user '" + username + "' was not found");
        }
        PartitionTail.Hold hold = tail.hold();
        try {
            // A user's events come from every partition.
            if (!tail.awaitReadingAll(redis.timeout().multipliedBy(2))) {
                throw unavailable();
            }
            LiveChannel channel = hub.subscribeUser(username, hold::close);
            channel.closeConnectionOnDrop(connectionCloser(request));
            writeDirectly(channel, request);
            return stream(channel);
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
    }

    private List<LiveFrame> afterReplay(String item, long lastSeq, boolean replayedAny) {
        ItemViews.Item now = items.find(item, false).orElse(null);
        if (now == null) {
            return List.of();
        }
        long id = Math.max(lastSeq, hub.lastSeq(item));
        if (CLOSED.equals(now.status()) && now.result() != null) {
            return List.of(frames.closed(now.result(), now.closedReason(), id));
        }
        if (replayedAny && OPEN.equals(now.status()) && now.closesAt() != null) {
            return List.of(frames.extendedAt(now.closesAt(), id));
        }
        return List.of();
    }

    private void awaitTail(int partition) {
        if (!tail.awaitReading(partition, redis.timeout().multipliedBy(2))) {
            throw unavailable();
        }
    }

    private static ApiException unavailable() {
        return ApiException.unavailable("the event streams cannot be read now", null);
    }

    private static ApiException notFound(String item) {
        return ApiException.notFound("item '" + item + "' was not found");
    }

    /**
     * Closes the request's connection (Netty's channel) with a reset; nothing for a request that has none. A
     * dropped subscriber does not read, so a normal close would leave its unread bytes and the closing
     * handshake waiting on its zero window, probed at ever longer intervals: a socket kept for minutes and a
     * client that learns of the end only then. With SO_LINGER 0 the kernel resets the connection at once.
     */
    private static Runnable connectionCloser(HttpRequest<?> request) {
        if (request instanceof NettyHttpRequest<?> netty) {
            return () -> {
                Channel channel = netty.getChannelHandlerContext().channel();
                try {
                    channel.config().setOption(ChannelOption.SO_LINGER, 0);
                } catch (ChannelException e) {
                    // Already closed: nothing is left to reset.
                }
                channel.close();
            };
        }
        return () -> { };
    }

    /**
     * Lets the stream write to an HTTP/1.1 connection directly after its first piece (LiveChannel). Its bytes
     * then bypass Micronaut's compression, so the response is not compressed: the request's Accept-Encoding
     * is removed before Micronaut chooses an encoding. Events are small and each subscriber would need a
     * compressor of its own, which costs more CPU per event than the whole delivery.
     */
    private static void writeDirectly(LiveChannel channel, HttpRequest<?> request) {
        if (request instanceof NettyHttpRequest<?> netty && request.getHttpVersion() == HttpVersion.HTTP_1_1) {
            netty.getNativeRequest().headers().remove(HttpHeaderNames.ACCEPT_ENCODING);
            channel.writeDirectlyTo(netty.getChannelHandlerContext());
        }
    }

    private static Long resumePoint(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        String trimmed = lastEventId.trim();
        if (!SEQ.matcher(trimmed).matches()) {
            throw ApiException.badRequest("Last-Event-ID must be the seq of a bid event");
        }
        return Long.parseLong(trimmed);
    }

    private static MutableHttpResponse<Publisher<ByteBuf>> stream(LiveChannel channel) {
        return HttpResponse.<Publisher<ByteBuf>>ok(channel)
                .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no");
    }
}
