package dev.gavel.acceptor.auth;

import dev.gavel.acceptor.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Objects;

/**
 * The abuse limits in front of the Basic and Bearer checks. A Basic attempt for a username, or from an
 * address, over its limit answers 429 before any lookup or hash; every 401 counts as a failure. Bearer
 * tokens cost no slow hash, so no limit refuses one, but their failures count against the address too.
 * A refused sign-in (401 or 429) is answered after GAVEL_AUTH_FAILURE_DELAY_MS: a timer, no thread, so a
 * client guessing passwords on a connection sends a few a second at most and costs next to nothing,
 * while the bids of signed-in users never wait.
 */
public final class ThrottledAuthenticator implements Authenticator {

    private final Vertx vertx;
    private final long failureDelayMs;
    private final Authenticator schemes;
    private final AuthThrottle throttle;
    private final ClientAddresses addresses;

    public ThrottledAuthenticator(Vertx vertx, long failureDelayMs, Authenticator schemes, AuthThrottle throttle,
                                  ClientAddresses addresses) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.failureDelayMs = failureDelayMs;
        this.schemes = Objects.requireNonNull(schemes, "schemes");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    @Override
    public Future<Principal> authenticate(String authorizationHeader) {
        return schemes.authenticate(authorizationHeader);
    }

    @Override
    public Future<Principal> authenticate(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return schemes.authenticate(header);
        }
        if (BearerAuthenticator.claims(header)) {
            return delayFailure(schemes.authenticate(header).onFailure(failure -> countFailure(failure, null, request)));
        }
        BasicCredentials credentials;
        try {
            credentials = BasicCredentials.parse(header);
        } catch (ApiException malformed) {
            throttle.failed(null, addresses.of(request));
            return delayFailure(Future.failedFuture(malformed));
        }
        String address = addresses.of(request);
        String digest = BasicAuthenticator.digest(header);
        ApiException refused = throttle.check(credentials.username(), address, digest);
        if (refused != null) {
            return delayFailure(Future.failedFuture(refused));
        }
        return delayFailure(schemes.authenticate(header).andThen(result -> {
            if (result.succeeded()) {
                throttle.verified(digest);
            } else if (result.cause() instanceof ApiException api && api.status() == 401) {
                throttle.failed(credentials.username(), address);
            }
        }));
    }

    /** A refused sign-in answers after the failure delay; anything else (success, 503) at once. */
    private Future<Principal> delayFailure(Future<Principal> outcome) {
        if (failureDelayMs == 0) {
            return outcome;
        }
        return outcome.recover(failure -> {
            if (!(failure instanceof ApiException api) || (api.status() != 401 && api.status() != 429)) {
                return Future.failedFuture(failure);
            }
            Promise<Principal> delayed = Promise.promise();
            vertx.setTimer(failureDelayMs, id -> delayed.fail(failure));
            return delayed.future();
        });
    }

    private void countFailure(Throwable failure, String username, HttpServerRequest request) {
        if (failure instanceof ApiException api && api.status() == 401) {
            throttle.failed(username, addresses.of(request));
        }
    }
}
