package dev.gavel.query.deadletter;

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

/** GET /events/dead-letter (admin): the stream entries the archive refused as events. */
@Controller("/events/dead-letter")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeadLetterController {

    private final DeadLetterService deadLetters;
    private final AccessGuard guard;

    public DeadLetterController(DeadLetterService deadLetters, AccessGuard guard) {
        this.deadLetters = deadLetters;
        this.guard = guard;
    }

    @Get
    public DeadLetterViews.DeadLetterPage list(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                               @Nullable @QueryValue String limit, @Nullable @QueryValue String after) {
        guard.requireRole(authorization, "admin");
        return deadLetters.deadLetters(Paging.limit(limit), after);
    }
}
