package dev.gavel.query.user;

import dev.gavel.query.auth.AccessGuard;
import dev.gavel.query.auth.AuthThrottle;
import dev.gavel.query.auth.ClientAddresses;
import dev.gavel.query.auth.Principal;
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

/** POST /users (open registration), GET /users (paginated), GET and PATCH /users/{username}. */
@Controller("/users")
@ExecuteOn(TaskExecutors.BLOCKING)
public class UserController {

    private final UserService users;
    private final AccessGuard guard;
    private final CurrentPassword currentPassword;
    private final AuthThrottle throttle;
    private final ClientAddresses addresses;

    public UserController(UserService users, AccessGuard guard, CurrentPassword currentPassword, AuthThrottle throttle,
                          ClientAddresses addresses) {
        this.users = users;
        this.guard = guard;
        this.currentPassword = currentPassword;
        this.throttle = throttle;
        this.addresses = addresses;
    }

    @Get
    public UserViews.ProfilePage list(@Nullable @QueryValue String limit, @Nullable @QueryValue String after) {
        return users.list(Paging.limit(limit), after);
    }

    /**
     * The user changes their own password, proving it with current_password; an admin changes anyone
     * else's password or roles without it. An admin changing their own password gives current_password too:
     * it is still "the user", and a leaked admin token must not be enough to lock the operator out.
     */
    @Patch("/{username}")
    public UserViews.Profile update(String username, @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                    @Nullable @Body UserViews.Change body) {
        Principal caller = guard.authenticate(authorization);
        boolean admin = caller.hasRole(AdminBootstrap.ADMIN);
        if (!admin && !caller.username().equals(username)) {
            throw ApiException.forbidden("only an admin may change another user");
        }
        if (body == null || (body.password() == null && body.roles() == null)) {
            throw ApiException.badRequest("a JSON body with \"password\" and/or \"roles\" is required");
        }
        if (body.roles() != null && !admin) {
            throw ApiException.forbidden("only an admin may change roles");
        }
        if (body.password() != null) {
            UserService.checkPassword(body.password());
        }
        if (users.find(username).isEmpty()) {
            throw ApiException.notFound("user '" + username + "' was not found");
        }
        String requiredHash = body.password() != null && caller.username().equals(username)
                ? currentPassword.verify(username, body.currentPassword())
                : null;
        return UserViews.Profile.of(users.change(username, body.password(), body.roles(), requiredHash));
    }

    @Post
    public HttpResponse<UserViews.Created> register(@Nullable @Body UserViews.Registration body) {
        throttle.registration(addresses.current());
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
