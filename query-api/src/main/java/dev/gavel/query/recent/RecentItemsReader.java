package dev.gavel.query.recent;

import dev.gavel.contract.Money;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.store.RedisStore;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A user's recent items, ranked by popularity, computed from the derived views: the user's items (by
 * last bid, in the user's own partition) and each item's bidders (by last bid). Two rounds: one read for
 * the candidates, then two per item, pipelined.
 */
@Singleton
public class RecentItemsReader {

    static final int ITEMS = 5;
    static final int RECENT = 10;

    private static final Comparator<Candidate> MOST_RECENT = Comparator.comparingLong(Candidate::lastBidUs).reversed()
            .thenComparing(Candidate::item);
    private static final Comparator<Ranked> POPULAR = Comparator.<Ranked>comparingInt(r -> r.view().recent().size())
            .reversed()
            .thenComparing(Comparator.comparingLong(Ranked::lastActivityUs).reversed())
            .thenComparing(Comparator.comparingLong(Ranked::ownLastBidUs).reversed())
            .thenComparing(r -> r.view().id());

    private final RedisStore redis;
    private final RedisKeys keys;

    public RecentItemsReader(RedisStore redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The ranked list for a username that is known to exist (validated by the caller). */
    public List<RecentItemsView.RecentItem> read(String username) {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<Candidate> candidates = candidates(async, username);
        List<RedisFuture<List<ScoredValue<String>>>> bidders = new ArrayList<>(candidates.size());
        List<RedisFuture<List<KeyValue<String, String>>>> details = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            bidders.add(async.zrevrangeWithScores(keys.itemBidders(candidate.item()), 0, RECENT));
            details.add(async.hmget(keys.item(candidate.item()), "title", "lead_amount_cents"));
        }
        List<Ranked> ranked = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            ranked.add(rank(username, candidates.get(i), redis.await(bidders.get(i)), redis.await(details.get(i))));
        }
        ranked.sort(POPULAR);
        return ranked.stream().map(Ranked::view).toList();
    }

    private List<Candidate> candidates(RedisClusterAsyncCommands<String, String> async, String username) {
        List<ScoredValue<String>> latest =
                redis.await(async.zrevrangeWithScores(keys.userItemsOf(username), 0, ITEMS - 1));
        List<Candidate> candidates = new ArrayList<>(latest.size());
        for (ScoredValue<String> value : latest) {
            candidates.add(new Candidate(value.getValue(), (long) value.getScore()));
        }
        candidates.sort(MOST_RECENT);
        return List.copyOf(candidates.subList(0, Math.min(ITEMS, candidates.size())));
    }

    private static Ranked rank(String username, Candidate candidate, List<ScoredValue<String>> bidders,
                               List<KeyValue<String, String>> details) {
        List<String> recent = new ArrayList<>(RECENT);
        long lastActivity = candidate.lastBidUs();
        for (ScoredValue<String> bidder : bidders) {
            lastActivity = Math.max(lastActivity, (long) bidder.getScore());
            if (!bidder.getValue().equals(username) && recent.size() < RECENT) {
                recent.add(bidder.getValue());
            }
        }
        String title = details.get(0).getValueOrElse(null);
        String leadCents = details.get(1).getValueOrElse(null);
        BigDecimal winning = leadCents == null ? null : Money.fromCents(Long.parseLong(leadCents));
        return new Ranked(new RecentItemsView.RecentItem(candidate.item(), title, winning, List.copyOf(recent)),
                lastActivity, candidate.lastBidUs());
    }

    private record Candidate(String item, long lastBidUs) {
    }

    private record Ranked(RecentItemsView.RecentItem view, long lastActivityUs, long ownLastBidUs) {
    }
}
