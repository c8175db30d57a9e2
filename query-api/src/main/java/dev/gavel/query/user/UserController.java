package dev.gavel.query.user;

import dev.gavel.query.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** POST /users (open registration) and GET /users/{username}. */
@Controller("/users")
@ExecuteOn(TaskExecutors.BLOCKING)
public class UserController {

    private final UserService users;

    public UserController(UserService users) {
        this.users = users;
    }

    @Post
    public HttpResponse<UserViews.Created> register(@Nullable @Body UserViews.Registration body) {
        if (body == null) {
            throw ApiException.badRequest("a JSON body {\"username\", \"password\"} is required");
        }
        UserDoc user = users.register(body.username(), body.password());
        return HttpResponse.status(HttpStatus.CREATED).body(UserViews.Created.of(user));
    }

    @Get("/{username}")
    public UserViews.Profile profile(String username) {
        return users.find(username).map(UserViews.Profile::of)
                .orElseThrow(() -> ApiException.notFound("user '" + username + "' was not found"));
    }
}
