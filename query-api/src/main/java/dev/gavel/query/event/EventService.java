package dev.gavel.query.event;

import dev.gavel.contract.Identifiers;
import dev.gavel.contract.StreamEntry;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.paging.Page;
import jakarta.inject.Singleton;

import java.util.Set;

/** Checks the filters and the cursor of GET /events, then reads one page of the archive. */
@Singleton
public class EventService {

    private static final Set<String> TYPES = Set.of(StreamEntry.TYPE_BID, StreamEntry.TYPE_IMPRESSION,
            StreamEntry.TYPE_CERTIFICATE, StreamEntry.TYPE_ITEM_CLOSED);

    private final EventRepository repository;

    public EventService(EventRepository repository) {
        this.repository = repository;
    }

    /** Ordered by (ts_us, event id); the cursor is the last pair shown. */
    public EventViews.EventPage events(String type, String item, String user, int limit, String after) {
        if (type != null && !TYPES.contains(type)) {
            throw ApiException.badRequest("type must be bid, impression, certificate or item_closed");
        }
        if (item != null && !Identifiers.isItemId(item)) {
            throw ApiException.badRequest("item must match [A-Za-z0-9._-]{1,64}");
        }
        if (user != null && !Identifiers.isUsername(user)) {
            throw ApiException.badRequest("user must match [A-Za-z0-9._-]{1,32}");
        }
        EventFilter filter = new EventFilter(type, item, user, after == null ? null : EventPosition.parse(after));
        Page<EventRepository.Row> page = Page.of(repository.find(filter, Page.fetchSize(limit)), limit);
        return new EventViews.EventPage(page.map(EventRepository.Row::event).rows(),
                page.next(last -> last.position().text()));
    }
}
