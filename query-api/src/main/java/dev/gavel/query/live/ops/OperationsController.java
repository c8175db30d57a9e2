package dev.gavel.query.live.ops;

import dev.gavel.query.auth.AccessGuard;
import dev.gavel.query.user.AdminBootstrap;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.reactivestreams.Publisher;

/**
 * GET /live/operations (admin): the operators' stream, an {@code operations} event once a second. The credentials
 * are checked before the stream starts, so a refusal is the contract's error JSON; checking a password hash
 * blocks, hence the blocking pool (the stream itself runs on the event loop once returned).
 */
@Controller("/live/operations")
public class OperationsController {

    private final OperationsStream stream;
    private final AccessGuard guard;

    public OperationsController(OperationsStream stream, AccessGuard guard) {
        this.stream = stream;
        this.guard = guard;
    }

    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Publisher<Event<String>>> operations(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        guard.requireRole(authorization, AdminBootstrap.ADMIN);
        return HttpResponse.<Publisher<Event<String>>>ok(stream.events())
                .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no");
    }
}
