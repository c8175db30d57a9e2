package dev.gavel.query.user;

import dev.gavel.query.auth.PasswordHasher;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.store.DuplicateKeys;
import dev.gavel.query.store.Identifiers;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registration and lookup of users: MongoDB first, then the Redis credential mirror. */
@Singleton
public class UserService {

    public static final List<String> BIDDER_ROLES = List.of("bidder");
    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);

    private final UserRepository users;
    private final UserMirror mirror;
    private final PasswordHasher hasher;

    public UserService(UserRepository users, UserMirror mirror, PasswordHasher hasher) {
        this.users = users;
        this.mirror = mirror;
        this.hasher = hasher;
    }

    public UserDoc register(String username, String password) {
        if (!Identifiers.isUsername(username)) {
            throw ApiException.badRequest("username must match [A-Za-z0-9._-]{1,32}");
        }
        if (password == null || password.length() < 5 || password.length() > 128) {
            throw ApiException.badRequest("password must be 5 to 128 characters");
        }
        return create(username, password, BIDDER_ROLES);
    }

    /** Inserts the user, then mirrors it; if the mirror fails the insert is undone and the caller gets 503. */
    public UserDoc create(String username, String password, List<String> roles) {
        if (users.findByUsername(username).isPresent()) {
            throw taken(username);
        }
        UserDoc user = new UserDoc(UUID.randomUUID().toString(), username, hasher.hash(password), roles, 1,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try {
            users.save(user);
        } catch (RuntimeException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                throw taken(username);
            }
            throw e;
        }
        try {
            mirror.write(user);
        } catch (RuntimeException e) {
            users.deleteById(user.id());
            LOG.warn("redis mirror of user '{}' failed, registration undone: {}", username, e.getMessage());
            throw ApiException.unavailable("redis is unavailable; the user was not created", e);
        }
        return user;
    }

    public Optional<UserDoc> find(String username) {
        return Identifiers.isUsername(username) ? users.findByUsername(username) : Optional.empty();
    }

    /** Sets a new password hash and bumps the credential version, in MongoDB then in the mirror. */
    public UserDoc changePassword(UserDoc user, String password) {
        UserDoc updated = user.withPassword(hasher.hash(password));
        users.update(updated);
        mirror.write(updated);
        return updated;
    }

    private static ApiException taken(String username) {
        return ApiException.conflict("username '" + username + "' is taken");
    }
}
