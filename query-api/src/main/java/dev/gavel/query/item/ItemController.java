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
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * POST /items and PATCH /items/{item} (admin), GET /items (paginated, filter status) and GET /items/{item}.
 * The reads are open to anyone; credentials, when given, must be valid, and an admin's show the reserve price.
 */
@Controller("/items")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ItemController {

    private final ItemService items;
    private final ItemChanger changer;
    private final AccessGuard guard;

    public ItemController(ItemService items, ItemChanger changer, AccessGuard guard) {
        this.items = items;
        this.changer = changer;
        this.guard = guard;
    }

    @Post
    public HttpResponse<ItemViews.Item> create(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                               @Nullable @Body ItemViews.NewItem body) {
        guard.requireRole(authorization, "admin");
        if (body == null) {
            throw ApiException.badRequest("a JSON body with at least a title is required");
        }
        return HttpResponse.status(HttpStatus.CREATED).body(items.create(body, true));
    }

    @Patch("/{item}")
    public ItemViews.Item change(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, String item,
                                 @Nullable @Body ItemViews.ItemChange body) {
        guard.requireRole(authorization, "admin");
        if (body == null) {
            throw ApiException.badRequest("a JSON object with any of title, description, closes_at and rules is required");
        }
        return changer.change(item, body);
    }

    @Get
    public ItemViews.ItemPage list(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                   @Nullable @QueryValue String status, @Nullable @QueryValue String limit,
                                   @Nullable @QueryValue String after) {
        return items.list(status, Paging.limit(limit), after, isAdmin(authorization));
    }

    @Get("/{item}")
    public ItemViews.Item get(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, String item) {
        boolean admin = isAdmin(authorization);
        return items.find(item, admin).orElseThrow(() -> ApiException.notFound("item '" + item + "' was not found"));
    }

    private boolean isAdmin(String authorization) {
        return authorization != null && guard.authenticate(authorization).hasRole("admin");
    }
}
