package dev.gavel.query.shareclass;

import dev.gavel.query.auth.AccessGuard;
import dev.gavel.query.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;

/** POST /share-classes (admin) and GET /share-classes/{code}. */
@Controller("/share-classes")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ShareClassController {

    private final ShareClassService classes;
    private final AccessGuard guard;

    public ShareClassController(ShareClassService classes, AccessGuard guard) {
        this.classes = classes;
        this.guard = guard;
    }

    @Post
    public HttpResponse<ShareClassViews.ShareClass> create(
            @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
            @Nullable @Body Map<String, Object> body) {
        guard.requireRole(authorization, "admin");
        if (body == null) {
            throw ApiException.badRequest("a JSON body {\"code\", \"name\", \"authorized\"} is required");
        }
        return HttpResponse.status(HttpStatus.CREATED).body(classes.create(body));
    }

    @Get("/{code}")
    public ShareClassViews.ShareClass get(String code) {
        return classes.find(code).orElseThrow(() -> ApiException.notFound("share class '" + code + "' was not found"));
    }
}
