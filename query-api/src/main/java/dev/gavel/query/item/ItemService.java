package dev.gavel.query.item;

import dev.gavel.query.error.ApiException;
import dev.gavel.query.store.DuplicateKeys;
import dev.gavel.query.store.Identifiers;
import dev.gavel.query.store.Times;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/** Creates items (MongoDB, then the Redis catalogue fields) and reads them with their live bid state. */
@Singleton
public class ItemService {

    private static final Logger LOG = LoggerFactory.getLogger(ItemService.class);
    /** Times stay below 2^53 microseconds, so the bid script's Lua numbers compare them exactly. */
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private final ItemRepository items;
    private final ItemState state;

    public ItemService(ItemRepository items, ItemState state) {
        this.items = items;
        this.state = state;
    }

    public ItemViews.Item create(ItemViews.NewItem request) {
        ItemDoc item = validate(request);
        if (items.existsById(item.id())) {
            throw conflict(item.id());
        }
        try {
            items.save(item);
        } catch (RuntimeException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                throw conflict(item.id());
            }
            throw e;
        }
        try {
            state.mirror(item);
        } catch (RuntimeException e) {
            items.deleteById(item.id());
            LOG.warn("redis mirror of item '{}' failed, creation undone: {}", item.id(), e.getMessage());
            throw ApiException.unavailable("redis is unavailable; the item was not created", e);
        }
        return ItemViews.Item.of(item, null, Times.nowMicros());
    }

    public Optional<ItemViews.Item> find(String itemId) {
        if (!Identifiers.isItemId(itemId)) {
            return Optional.empty();
        }
        return items.findById(itemId)
                .map(doc -> ItemViews.Item.of(doc, state.read(itemId).orElse(null), Times.nowMicros()));
    }

    private static ItemDoc validate(ItemViews.NewItem request) {
        String id = request.id() == null ? UUID.randomUUID().toString() : request.id();
        if (!Identifiers.isItemId(id)) {
            throw ApiException.badRequest("id must match [A-Za-z0-9._-]{1,64}");
        }
        String title = request.title();
        if (title == null || title.isBlank() || title.length() > 200) {
            throw ApiException.badRequest("title is required, 1 to 200 characters");
        }
        if (request.description() != null && request.description().length() > 2000) {
            throw ApiException.badRequest("description must be at most 2000 characters");
        }
        Long opensAt = micros("opens_at", request.opensAt());
        Long closesAt = micros("closes_at", request.closesAt());
        if (opensAt != null && closesAt != null && closesAt <= opensAt) {
            throw ApiException.badRequest("closes_at must be after opens_at");
        }
        return new ItemDoc(id, title, request.description(), opensAt, closesAt, Times.nowMicros());
    }

    private static Long micros(String field, String value) {
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + " must be an ISO-8601 time with an offset, e.g. 2026-11-22T14:41:00Z");
        }
        if (instant.isBefore(Instant.EPOCH) || !instant.isBefore(LATEST)) {
            throw ApiException.badRequest(field + " must be from 1970 to 2199");
        }
        return Times.toMicros(instant);
    }

    private static ApiException conflict(String id) {
        return ApiException.conflict("item '" + id + "' exists");
    }
}
