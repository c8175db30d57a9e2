package dev.gavel.query.item;

import dev.gavel.contract.RedisKeys;
import dev.gavel.lettuce.LuaScript;
import dev.gavel.query.store.RedisStore;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the item hash {@code gavel:{pN}:item:<id>} (docs/redis-layout.md): the catalogue fields
 * and rules written here, the state fields by the bid script; and the item's place in the partition's
 * closing schedule. Never the bidders' standings (their ceilings are secret): no method here reads them.
 */
@Singleton
public class ItemState {

    private static final LuaScript MIRROR = LuaScript.fromResource("lua/item_mirror.lua");
    private static final LuaScript PATCH = LuaScript.fromResource("lua/item_patch.lua");
    private static final LuaScript SETTLE = LuaScript.fromResource("lua/item_settle.lua");

    private final RedisStore redis;
    private final RedisKeys keys;

    public ItemState(RedisStore redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The item hash, empty when Redis has no such item. */
    public Optional<Snapshot> read(String itemId) {
        Map<String, String> fields = redis.sync().hgetall(keys.item(itemId));
        return fields == null || fields.isEmpty() ? Optional.empty() : Optional.of(new Snapshot(fields));
    }

    /** The item hashes of several items, sent together before any is awaited (one round per primary); in the order asked. */
    public List<Optional<Snapshot>> readAll(List<String> itemIds) {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<Map<String, String>>> replies = new ArrayList<>(itemIds.size());
        for (String itemId : itemIds) {
            replies.add(async.hgetall(keys.item(itemId)));
        }
        List<Optional<Snapshot>> snapshots = new ArrayList<>(itemIds.size());
        for (RedisFuture<Map<String, String>> reply : replies) {
            Map<String, String> fields = redis.await(reply);
            snapshots.add(fields == null || fields.isEmpty() ? Optional.empty() : Optional.of(new Snapshot(fields)));
        }
        return snapshots;
    }

    /**
     * Writes the catalogue fields and the rules (removing rules the item no longer has) and puts the item
     * in the closing schedule; the bid script's state fields are never touched, and a closing time it moved
     * later (soft close) or earlier (buy-now) is kept (lua/item_mirror.lua); the item's revision only rises.
     */
    public void mirror(ItemDoc item) {
        List<String> args = new ArrayList<>();
        args.add(item.id());
        args.add(item.closesAtUs() == null ? "" : Long.toString(item.closesAtUs()));
        args.add(Long.toString(item.revision()));
        List<String> pairs = new ArrayList<>();
        pairs.add("title");
        pairs.add(item.title());
        pairs.add("created_at_us");
        pairs.add(Long.toString(item.createdAtUs()));
        if (item.opensAtUs() != null) {
            pairs.add("opens_at_us");
            pairs.add(Long.toString(item.opensAtUs()));
        }
        addRules(pairs, item.rules());
        args.add(Integer.toString(pairs.size() / 2));
        args.addAll(pairs);
        args.addAll(item.rules().absentFields());
        MIRROR.<Long>run(redis, ScriptOutputType.INTEGER, keys(item.id()), args.toArray(String[]::new));
    }

    /**
     * Applies a change of an item in one step (lua/item_patch.lua); the reply says whether it was written.
     *
     * @param closesAtUs     the new closing time, or null when it does not change
     * @param pricingChanges the starting price or the increment changes (only before the first bid)
     * @param rulesChange    the rules or the closing time change (never once the item is closed)
     * @param revision       the item's revision the change was made on; it makes {@code revision + 1}
     */
    public PatchOutcome patch(String itemId, long nowUs, Long closesAtUs, boolean pricingChanges, boolean rulesChange,
                              long revision, String title, ItemRules rules) {
        List<String> args = new ArrayList<>();
        args.add(itemId);
        args.add(Long.toString(nowUs));
        args.add(closesAtUs == null ? "" : Long.toString(closesAtUs));
        args.add(pricingChanges ? "1" : "0");
        args.add(rulesChange ? "1" : "0");
        args.add(Long.toString(revision));
        args.add(Long.toString(revision + 1));
        List<String> pairs = new ArrayList<>();
        pairs.add("title");
        pairs.add(title);
        addRules(pairs, rules);
        args.add(Integer.toString(pairs.size() / 2));
        args.addAll(pairs);
        args.addAll(rules.absentFields());
        String reply = PATCH.run(redis, ScriptOutputType.VALUE, keys(itemId), args.toArray(String[]::new));
        return PatchOutcome.valueOf(reply.toUpperCase(Locale.ROOT));
    }

    /** What the patch script did. */
    public enum PatchOutcome { OK, MISSING, STALE, CLOSED, BIDS, NOT_LATER }

    /**
     * Settles the change from {@code revision} to {@code revision + 1} whose answer was lost
     * (lua/item_settle.lua): it applied, or it did not and the item moves to {@code fence}, where no copy
     * of it can apply any more.
     */
    public Settled settle(String itemId, long revision, long fence) {
        String reply = SETTLE.run(redis, ScriptOutputType.VALUE, new String[] {keys.item(itemId)},
                Long.toString(revision), Long.toString(revision + 1), Long.toString(fence));
        int colon = reply.indexOf(':');
        if (colon < 0) {
            return new Settled(SettleOutcome.valueOf(reply.toUpperCase(Locale.ROOT)), revision + 1);
        }
        return new Settled(SettleOutcome.valueOf(reply.substring(0, colon).toUpperCase(Locale.ROOT)),
                Long.parseLong(reply.substring(colon + 1)));
    }

    /** What the settle script found. */
    public enum SettleOutcome { APPLIED, FENCED, MISSING }

    /** The settle script's finding, and the item's revision in Redis after it (when applied or fenced). */
    public record Settled(SettleOutcome outcome, long revision) {
    }

    private String[] keys(String itemId) {
        return new String[] {keys.item(itemId), RedisKeys.closing(keys.partitionOf(itemId))};
    }

    private static void addRules(List<String> pairs, ItemRules rules) {
        for (Map.Entry<String, String> field : rules.presentFields().entrySet()) {
            pairs.add(field.getKey());
            pairs.add(field.getValue());
        }
    }

    /** One read of an item hash: the catalogue's fields and the bid script's state (never a ceiling). */
    public record Snapshot(Map<String, String> fields) {

        public long bidCount() {
            return longField("seq").orElse(0L);
        }

        /** The leader and their highest recorded bid, present once the item has bids. */
        public Optional<Lead> lead() {
            String user = fields.get("lead_user");
            if (bidCount() == 0 || user == null) {
                return Optional.empty();
            }
            return Optional.of(new Lead(user, longField("lead_amount_cents").orElse(0L),
                    longField("lead_seq").orElse(0L), longField("lead_ts_us").orElse(0L)));
        }

        /** The closing time as the bid script sees it: extended by soft close, or the buy-now bid's time. */
        public Optional<Long> closesAtUs() {
            return longField("closes_at_us");
        }

        /** {@code buy_now} once a buy-now bid closed the item, else empty (a close by time is computed). */
        public Optional<String> closedReason() {
            String reason = fields.get("closed_reason");
            return reason == null || reason.isEmpty() ? Optional.empty() : Optional.of(reason);
        }

        /** The current price; the leader's amount for bids recorded before the bid script kept a price. */
        public Optional<Long> priceCents() {
            if (bidCount() == 0) {
                return Optional.empty();
            }
            Optional<Long> price = longField("price_cents");
            return price.isPresent() ? price : lead().map(Lead::amountCents);
        }

        /** The least a bid's firm amount must be: the starting price (or 0) while there is no bid. */
        public long minimumBidCents() {
            long start = longField(ItemRules.START).orElse(0L);
            if (bidCount() == 0) {
                return start;
            }
            return longField("min_bid_cents").orElse(start);
        }

        public Optional<Long> reserveCents() {
            return longField(ItemRules.RESERVE);
        }

        public boolean closed(long nowUs) {
            Optional<Long> closesAt = closesAtUs();
            return closedReason().isPresent() || (closesAt.isPresent() && nowUs >= closesAt.get());
        }

        private Optional<Long> longField(String name) {
            String value = fields.get(name);
            return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(value));
        }
    }

    /** The leading bid as the bid script records it. */
    public record Lead(String user, long amountCents, long seq, long tsUs) {
    }
}
