package dev.gavel.query.recent;

import dev.gavel.contract.Identifiers;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.user.UserMirror;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * GET /users/{username}/recent-items as bytes with their ETag, through a short-lived single-flight
 * cache: concurrent misses for one user cost one computation. The ETag is the first 128 bits of the
 * body's SHA-256, so every instance gives the same body the same tag.
 */
@Singleton
public class RecentItemsService {

    private final RecentItemsReader reader;
    private final UserMirror users;
    private final JsonMapper json;
    private final SingleFlightCache<String, Rendered> cache;

    public RecentItemsService(RecentItemsReader reader, UserMirror users, JsonMapper json, RecentItemsConfig config) {
        this.reader = reader;
        this.users = users;
        this.json = json;
        this.cache = new SingleFlightCache<>(config.getCacheMs(), config.getCacheSize(), System::nanoTime);
    }

    /** The rendered list; 404 with the contract's exact message for a user that does not exist. */
    public Rendered get(String username) {
        if (!Identifiers.isUsername(username)) {
            throw notFound(username);
        }
        return cache.get(username, this::render);
    }

    /** How many times the list was computed (not served from the cache) since start. */
    public long computations() {
        return cache.computations();
    }

    private Rendered render(String username) {
        if (!users.exists(username)) {
            throw notFound(username);
        }
        List<RecentItemsView.RecentItem> items = reader.read(username);
        try {
            byte[] body = json.writeValueAsBytes(items);
            return new Rendered(body, etag(body));
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the recent items of " + username, e);
        }
    }

    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static ApiException notFound(String username) {
        return ApiException.notFound("User with username of '" + username + "' was not found");
    }

    /** A response body and its strong ETag (quoted). */
    public record Rendered(byte[] body, String etag) {
    }
}
