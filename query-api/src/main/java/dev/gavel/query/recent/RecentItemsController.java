package dev.gavel.query.recent;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * GET /users/{username}/recent-items with HTTP caching: {@code Cache-Control: public, max-age=N},
 * a strong ETag from the body, and 304 with no body when {@code If-None-Match} names it.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class RecentItemsController {

    private final RecentItemsService recentItems;
    private final String cacheControl;

    public RecentItemsController(RecentItemsService recentItems, RecentItemsConfig config) {
        this.recentItems = recentItems;
        this.cacheControl = "public, max-age=" + config.getMaxAge();
    }

    @Get("/users/{username}/recent-items")
    public HttpResponse<byte[]> recentItems(String username,
                                            @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        RecentItemsService.Rendered rendered = recentItems.get(username);
        if (EntityTags.matches(ifNoneMatch, rendered.etag())) {
            return HttpResponse.<byte[]>notModified()
                    .header(HttpHeaders.ETAG, rendered.etag())
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl);
        }
        return HttpResponse.ok(rendered.body())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, rendered.etag())
                .header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }
}
