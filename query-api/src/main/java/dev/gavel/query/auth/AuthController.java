package dev.gavel.query.auth;

import dev.gavel.contract.MicroTime;
import dev.gavel.query.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** POST /auth/tokens: Basic credentials in, a signed Bearer token out. */
@Controller("/auth/tokens")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuthController {

    private final BasicAuthenticator basic;
    private final TokenService tokens;

    public AuthController(BasicAuthenticator basic, TokenService tokens) {
        this.basic = basic;
        this.tokens = tokens;
    }

    @Post
    public HttpResponse<Token> create(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("Basic credentials required");
        }
        Principal principal = basic.authenticate(authorization)
                .orElseThrow(() -> ApiException.unauthorized("a token is issued for Basic credentials only"));
        TokenService.Issued issued = tokens.issue(principal);
        return HttpResponse.status(HttpStatus.CREATED).body(new Token(issued.token(), MicroTime.format(issued.expiresAt())));
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Token(String token, String expiresAt) {
    }
}
