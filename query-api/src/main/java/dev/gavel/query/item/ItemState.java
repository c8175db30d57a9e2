package dev.gavel.query.item;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.store.RedisStore;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the item hash {@code gavel:{pN}:item:<id>}: catalogue fields written here, state fields by the bid script. */
@Singleton
public class ItemState {

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

    /** The item hashes of several items, pipelined on the one connection; in the order asked. */
    public List<Optional<Snapshot>> readAll(List<String> itemIds) {
        RedisAsyncCommands<String, String> async = redis.async();
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

    /** HSET of the catalogue fields only, so the bid script's state fields are never touched. */
    public void mirror(ItemDoc item) {
        Map<String, String> fields = new HashMap<>();
        fields.put("title", item.title());
        fields.put("created_at_us", Long.toString(item.createdAtUs()));
        if (item.opensAtUs() != null) {
            fields.put("opens_at_us", Long.toString(item.opensAtUs()));
        }
        if (item.closesAtUs() != null) {
            fields.put("closes_at_us", Long.toString(item.closesAtUs()));
        }
        redis.sync().hset(keys.item(item.id()), fields);
    }

    /** One read of an item hash. */
    public record Snapshot(Map<String, String> fields) {

        public long bidCount() {
            return longField("seq").orElse(0L);
        }

        /** The leading bid, present once the item has bids. */
        public Optional<Lead> lead() {
            String user = fields.get("lead_user");
            if (bidCount() == 0 || user == null) {
                return Optional.empty();
            }
            return Optional.of(new Lead(user, longField("lead_amount_cents").orElse(0L),
                    longField("lead_seq").orElse(0L), longField("lead_ts_us").orElse(0L)));
        }

        public boolean closed(long nowUs) {
            Optional<Long> closesAt = longField("closes_at_us");
            return closesAt.isPresent() && nowUs >= closesAt.get();
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
