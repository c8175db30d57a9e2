package dev.gavel.query.item;

import dev.gavel.query.auth.AccessGuard;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.paging.Paging;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** POST /items (admin), GET /items (paginated, filter status) and GET /items/{item}. */
@Controller("/items")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ItemController {

    private final ItemService items;
    private final AccessGuard guard;

    public ItemController(ItemService items, AccessGuard guard) {
        this.items = items;
        this.guard = guard;
    }

    @Post
    public HttpResponse<ItemViews.Item> create(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                               @Nullable @Body ItemViews.NewItem body) {
        guard.requireRole(authorization, "admin");
        if (body == null) {
            throw ApiException.badRequest("a JSON body with at least a title is required");
        }
        return HttpResponse.status(HttpStatus.CREATED).body(items.create(body));
    }

    @Get
    public ItemViews.ItemPage list(@Nullable @QueryValue String status, @Nullable @QueryValue String limit,
                                   @Nullable @QueryValue String after) {
        return items.list(status, Paging.limit(limit), after);
    }

    @Get("/{item}")
    public ItemViews.Item get(String item) {
        return items.find(item).orElseThrow(() -> ApiException.notFound("item '" + item + "' was not found"));
    }
}
