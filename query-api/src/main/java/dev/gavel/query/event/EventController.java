package dev.gavel.query.event;

import dev.gavel.query.auth.AccessGuard;
import dev.gavel.query.paging.Paging;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** GET /events (archived events, oldest first) and GET /events/dead-letter (admin). */
@Controller("/events")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EventController {

    private final EventService events;
    private final AccessGuard guard;

    public EventController(EventService events, AccessGuard guard) {
        this.events = events;
        this.guard = guard;
    }

    @Get
    public EventViews.EventPage list(@Nullable @QueryValue String type, @Nullable @QueryValue String item,
                                     @Nullable @QueryValue String user, @Nullable @QueryValue String limit,
                                     @Nullable @QueryValue String after) {
        return events.events(type, item, user, Paging.limit(limit), after);
    }

    @Get("/dead-letter")
    public EventViews.DeadLetterPage deadLetters(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                                 @Nullable @QueryValue String limit, @Nullable @QueryValue String after) {
        guard.requireRole(authorization, "admin");
        return events.deadLetters(Paging.limit(limit), after);
    }
}
