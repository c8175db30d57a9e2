package dev.gavel.query.bid;

import dev.gavel.contract.Identifiers;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Money;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.paging.Page;
import dev.gavel.query.paging.Paging;
import dev.gavel.query.store.RedisStore;
import dev.gavel.query.user.UserMirror;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The items a user has bid on, most recent first, from the user's index in the user's own partition
 * (all their items are there, whatever the items' partitions). Order is (last bid time desc, item
 * desc); the cursor carries both, so equal times never repeat or skip an item across pages. Each step
 * sends its reads pipelined: the index (two ranges after a cursor), then two per item.
 */
@Singleton
public class UserBidReader {

    private static final Comparator<Candidate> ORDER = Comparator.comparingLong(Candidate::tsUs).reversed()
            .thenComparing(Candidate::item, Comparator.reverseOrder());

    private final RedisStore redis;
    private final RedisKeys keys;
    private final UserMirror users;

    public UserBidReader(RedisStore redis, RedisKeys keys, UserMirror users) {
        this.redis = redis;
        this.keys = keys;
        this.users = users;
    }

    public BidViews.UserItemPage items(String username, int limit, String after) {
        Candidate cursor = after == null ? null : parseCursor(after);
        if (!Identifiers.isUsername(username) || !users.exists(username)) {
            throw ApiException.notFound("user '" + username + "' was not found");
        }
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<Candidate> candidates = candidates(async, username, limit, cursor);
        candidates.sort(ORDER);
        Page<Candidate> page = Page.of(candidates, limit);
        return new BidViews.UserItemPage(username, details(async, username, page.rows()), page.next(Candidate::cursor));
    }

    private List<Candidate> candidates(RedisClusterAsyncCommands<String, String> async, String username, int limit,
                                       Candidate cursor) {
        String key = keys.userItemsOf(username);
        if (cursor == null) {
            return toCandidates(redis.await(async.zrevrangeWithScores(key, 0, limit)));
        }
        RedisFuture<List<ScoredValue<String>>> ties =
                async.zrevrangebyscoreWithScores(key, Range.create(cursor.tsUs(), cursor.tsUs()));
        RedisFuture<List<ScoredValue<String>>> older = async.zrevrangebyscoreWithScores(key,
                Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(cursor.tsUs())),
                Limit.create(0, Page.fetchSize(limit)));
        List<Candidate> candidates = toCandidates(redis.await(older));
        for (Candidate tie : toCandidates(redis.await(ties))) {
            if (tie.item().compareTo(cursor.item()) < 0) {
                candidates.add(tie);
            }
        }
        return candidates;
    }

    private static List<Candidate> toCandidates(List<ScoredValue<String>> values) {
        List<Candidate> candidates = new ArrayList<>(values.size());
        for (ScoredValue<String> value : values) {
            candidates.add(new Candidate(value.getValue(), (long) value.getScore()));
        }
        return candidates;
    }

    private List<BidViews.UserItem> details(RedisClusterAsyncCommands<String, String> async, String username,
                                            List<Candidate> page) {
        List<RedisFuture<List<KeyValue<String, String>>>> stats = new ArrayList<>(page.size());
        List<RedisFuture<String>> leaders = new ArrayList<>(page.size());
        for (Candidate candidate : page) {
            stats.add(async.hmget(keys.userBidStatsOf(username),
                    candidate.item() + "|count", candidate.item() + "|best"));
            leaders.add(async.hget(keys.item(candidate.item()), "lead_user"));
        }
        List<BidViews.UserItem> rows = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            Candidate candidate = page.get(i);
            List<KeyValue<String, String>> values = redis.await(stats.get(i));
            long count = Long.parseLong(values.get(0).getValueOrElse("0"));
            long best = Long.parseLong(values.get(1).getValueOrElse("0"));
            rows.add(new BidViews.UserItem(candidate.item(), count, Money.fromCents(best),
                    username.equals(redis.await(leaders.get(i))), MicroTime.format(candidate.tsUs())));
        }
        return rows;
    }

    private static Candidate parseCursor(String after) {
        String decoded = Paging.decode(after);
        int bar = decoded.indexOf('|');
        if (bar <= 0) {
            throw Paging.badCursor();
        }
        String item = decoded.substring(bar + 1);
        long tsUs = Paging.integer(decoded.substring(0, bar));
        if (!Identifiers.isItemId(item)) {
            throw Paging.badCursor();
        }
        return new Candidate(item, tsUs);
    }

    private record Candidate(String item, long tsUs) {

        String cursor() {
            return tsUs + "|" + item;
        }
    }
}
