package dev.gavel.query.event;

import dev.gavel.query.paging.Paging;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** GET /events: the archived events, oldest first, filtered by type, item and user. */
@Controller("/events")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EventController {

    private final EventService events;

    public EventController(EventService events) {
        this.events = events;
    }

    @Get
    public EventViews.EventPage list(@Nullable @QueryValue String type, @Nullable @QueryValue String item,
                                     @Nullable @QueryValue String user, @Nullable @QueryValue String limit,
                                     @Nullable @QueryValue String after) {
        return events.events(type, item, user, Paging.limit(limit), after);
    }
}
