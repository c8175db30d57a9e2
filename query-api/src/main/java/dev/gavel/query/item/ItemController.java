package dev.gavel.query.item;

import dev.gavel.query.auth.AccessGuard;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.paging.Paging;
import dev.gavel.query.json.ExactJson;
import dev.gavel.query.json.RequestBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;

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
    private final RequestBodies bodies;

    public ItemController(ItemService items, ItemChanger changer, AccessGuard guard, RequestBodies bodies) {
        this.items = items;
        this.changer = changer;
        this.guard = guard;
        this.bodies = bodies;
    }

    @Post
    public HttpResponse<ItemViews.Item> create(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                               @Nullable @Body String raw) {
        guard.requireRole(authorization, "admin");
        ItemViews.NewItem body = bodies.read(raw, ItemViews.NewItem.class);
        if (body == null) {
            throw ApiException.badRequest("a JSON body with at least a title is required");
        }
        return HttpResponse.status(HttpStatus.CREATED).body(items.create(body, exactRules(raw), true));
    }

    @Patch("/{item}")
    public ItemViews.Item change(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, String item,
                                 @Nullable @Body String raw) {
        guard.requireRole(authorization, "admin");
        ItemViews.ItemChange body = bodies.read(raw, ItemViews.ItemChange.class);
        if (body == null) {
            throw ApiException.badRequest("a JSON object with any of title, description, closes_at and rules is required");
        }
        return changer.change(item, body, exactRules(raw));
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

    /**
     * The body's {@code rules} read again with exact decimals (ExactJson): the bound record's tree holds
     * decimals as doubles. 400 for a number no amount can be (an absurd exponent or length).
     */
    private static JsonNode exactRules(String raw) {
        try {
            return ExactJson.member(raw.getBytes(StandardCharsets.UTF_8), "rules");
        } catch (IOException | RuntimeException e) {
            throw ApiException.badRequest("rules hold a number that is not an amount");
        }
    }

    private boolean isAdmin(String authorization) {
        return authorization != null && guard.authenticate(authorization).hasRole("admin");
    }
}
