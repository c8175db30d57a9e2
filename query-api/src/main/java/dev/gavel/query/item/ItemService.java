package dev.gavel.query.item;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.gavel.contract.Identifiers;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Texts;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.paging.Page;
import dev.gavel.query.paging.Paging;
import dev.gavel.query.store.MirroredSave;
import dev.gavel.query.store.MongoStore;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
    private final MongoStore mongo;

    public ItemService(ItemRepository items, ItemState state, MongoStore mongo) {
        this.items = items;
        this.state = state;
        this.mongo = mongo;
    }

    public ItemViews.Item create(ItemViews.NewItem request) {
        ItemDoc item = validate(request);
        Optional<ItemDoc> existing = items.findById(item.id());
        if (existing.isPresent()) {
            mirrorAgain(existing.get());
            throw conflict(item.id());
        }
        MirroredSave.create("item", item.id(), () -> items.save(item), () -> conflict(item.id()),
                () -> state.mirror(item), () -> items.deleteById(item.id()));
        return ItemViews.Item.of(item, null, MicroTime.nowMicros());
    }

    /**
     * Writes an existing item's mirror again before answering 409: after a 504 whose MongoDB write did
     * land without its mirror, the client's retry (the same request) makes the item usable at once rather
     * than at the next query-api start. The fields are the catalogue's only, so this changes nothing else.
     */
    private void mirrorAgain(ItemDoc item) {
        try {
            state.mirror(item);
        } catch (RuntimeException e) {
            LOG.warn("redis mirror of existing item '{}' not written again: {}", item.id(), e.getMessage());
        }
    }

    /** Items in id order from after the cursor's id, optionally only those with the given status now. */
    public ItemViews.ItemPage list(String status, int limit, String after) {
        long nowUs = MicroTime.nowMicros();
        Bson filter = statusFilter(status, nowUs);
        if (after != null) {
            String afterId = Paging.decode(after);
            if (!Identifiers.isItemId(afterId)) {
                throw Paging.badCursor();
            }
            filter = Filters.and(filter, Filters.gt("_id", afterId));
        }
        List<ItemDoc> fetched = new ArrayList<>(Page.fetchSize(limit));
        for (Document doc : mongo.database().getCollection("items").find(filter)
                .sort(Sorts.ascending("_id")).limit(Page.fetchSize(limit))) {
            fetched.add(ItemDoc.fromDocument(doc));
        }
        Page<ItemDoc> page = Page.of(fetched, limit);
        List<ItemDoc> shown = page.rows();
        List<Optional<ItemState.Snapshot>> states = state.readAll(shown.stream().map(ItemDoc::id).toList());
        List<ItemViews.Item> views = new ArrayList<>(shown.size());
        for (int i = 0; i < shown.size(); i++) {
            views.add(ItemViews.Item.of(shown.get(i), states.get(i).orElse(null), nowUs));
        }
        return new ItemViews.ItemPage(views, page.next(ItemDoc::id));
    }

    /** scheduled: opens later; closed: closes_at passed; open: neither. A missing time matches null. */
    private static Bson statusFilter(String status, long nowUs) {
        if (status == null) {
            return Filters.empty();
        }
        return switch (status) {
            case "scheduled" -> Filters.gt("opens_at_us", nowUs);
            case "closed" -> Filters.lte("closes_at_us", nowUs);
            case "open" -> Filters.and(
                    Filters.or(Filters.eq("opens_at_us", null), Filters.lte("opens_at_us", nowUs)),
                    Filters.or(Filters.eq("closes_at_us", null), Filters.gt("closes_at_us", nowUs)));
            default -> throw ApiException.badRequest("status must be scheduled, open or closed");
        };
    }

    public Optional<ItemViews.Item> find(String itemId) {
        if (!Identifiers.isItemId(itemId)) {
            return Optional.empty();
        }
        return items.findById(itemId)
                .map(doc -> ItemViews.Item.of(doc, state.read(itemId).orElse(null), MicroTime.nowMicros()));
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
        if (!Texts.isClean(title)) {
            throw ApiException.badRequest("title must not contain control characters or unpaired UTF-16 surrogates");
        }
        if (request.description() != null && request.description().length() > 2000) {
            throw ApiException.badRequest("description must be at most 2000 characters");
        }
        if (request.description() != null && !Texts.isCleanProse(request.description())) {
            throw ApiException.badRequest("description must not contain control characters other than line breaks "
                    + "and tabs, nor unpaired UTF-16 surrogates");
        }
        Long opensAt = micros("opens_at", request.opensAt());
        Long closesAt = micros("closes_at", request.closesAt());
        if (opensAt != null && closesAt != null && closesAt <= opensAt) {
            throw ApiException.badRequest("closes_at must be after opens_at");
        }
        return new ItemDoc(id, title, request.description(), opensAt, closesAt, MicroTime.nowMicros());
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
        return MicroTime.toMicros(instant);
    }

    private static ApiException conflict(String id) {
        return ApiException.conflict("item '" + id + "' exists");
    }
}
