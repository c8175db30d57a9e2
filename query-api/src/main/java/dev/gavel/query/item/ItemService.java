package dev.gavel.query.item;

import dev.gavel.contract.Identifiers;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Texts;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.store.MirroredSave;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;

/** Creates items (MongoDB, then the Redis catalogue fields and rules) and reads them with their live bid state. */
@Singleton
public class ItemService {

    private static final Logger LOG = LoggerFactory.getLogger(ItemService.class);

    private final ItemRepository items;
    private final ItemState state;
    private final ItemLister lister;

    public ItemService(ItemRepository items, ItemState state, ItemLister lister) {
        this.items = items;
        this.state = state;
        this.lister = lister;
    }

    /** {@code rules} is the body's rules with exact decimals (null when none). */
    public ItemViews.Item create(ItemViews.NewItem request, JsonNode rules, boolean admin) {
        ItemDoc item = validate(request, rules);
        Optional<ItemDoc> existing = items.findById(item.id());
        if (existing.isPresent()) {
            mirrorAgain(existing.get());
            throw conflict(item.id());
        }
        MirroredSave.create("item", item.id(), () -> items.save(item), () -> conflict(item.id()),
                () -> state.mirror(item), () -> items.deleteById(item.id()));
        return ItemViews.Item.of(item, null, MicroTime.nowMicros(), admin);
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

    public ItemViews.ItemPage list(String status, int limit, String after, boolean admin) {
        return lister.list(status, limit, after, admin);
    }

    public Optional<ItemViews.Item> find(String itemId, boolean admin) {
        if (!Identifiers.isItemId(itemId)) {
            return Optional.empty();
        }
        return items.findById(itemId)
                .map(doc -> ItemViews.Item.of(doc, state.read(itemId).orElse(null), MicroTime.nowMicros(), admin));
    }

    private static ItemDoc validate(ItemViews.NewItem request, JsonNode rulesBody) {
        String id = request.id() == null ? UUID.randomUUID().toString() : request.id();
        if (!Identifiers.isItemId(id)) {
            throw ApiException.badRequest("id must match [A-Za-z0-9._-]{1,64}");
        }
        if (request.title() == null) {
            throw ApiException.badRequest("title is required, 1 to 200 characters");
        }
        checkTitle(request.title());
        checkDescription(request.description());
        Long opensAt = ItemTimes.microsOrNull("opens_at", request.opensAt());
        Long closesAt = ItemTimes.microsOrNull("closes_at", request.closesAt());
        if (opensAt != null && closesAt != null && closesAt <= opensAt) {
            throw ApiException.badRequest("closes_at must be after opens_at");
        }
        ItemRules rules = RulesInput.apply(ItemRules.NONE, rulesBody);
        checkHardClose(rules, closesAt);
        return ItemDoc.of(id, request.title(), request.description(), opensAt, closesAt, MicroTime.nowMicros(), rules);
    }

    static void checkTitle(String title) {
        if (title.isBlank() || title.length() > 200) {
            throw ApiException.badRequest("title is required, 1 to 200 characters");
        }
        if (!Texts.isClean(title)) {
            throw ApiException.badRequest("title must not contain control characters or unpaired UTF-16 surrogates");
        }
    }

    static void checkDescription(String description) {
        if (description != null && description.length() > 2000) {
            throw ApiException.badRequest("description must be at most 2000 characters");
        }
        if (description != null && !Texts.isCleanProse(description)) {
            throw ApiException.badRequest("description must not contain control characters other than line breaks "
                    + "and tabs, nor unpaired UTF-16 surrogates");
        }
    }

    /** A soft close never extends past its hard close, so a hard close before the closing time cannot be meant. */
    static void checkHardClose(ItemRules rules, Long closesAtUs) {
        if (rules.hardCloseAtUs() != null && closesAtUs != null && rules.hardCloseAtUs() < closesAtUs) {
            throw ApiException.badRequest("soft_close.hard_close_at must not be before closes_at");
        }
    }

    static ApiException conflict(String id) {
        return ApiException.conflict("item '" + id + "' exists");
    }
}
