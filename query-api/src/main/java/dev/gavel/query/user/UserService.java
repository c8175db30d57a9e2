package dev.gavel.query.user;

import dev.gavel.query.auth.PasswordHasher;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.paging.Paging;
import dev.gavel.query.store.DuplicateKeys;
import dev.gavel.query.store.Identifiers;
import dev.gavel.query.store.Texts;
import io.micronaut.data.model.Pageable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Registration and lookup of users: MongoDB first, then the Redis credential mirror. */
@Singleton
public class UserService {

    public static final List<String> BIDDER_ROLES = List.of("bidder");
    public static final List<String> ROLES = List.of("bidder", "issuer", "admin");
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
        checkPassword(password);
        return create(username, password, BIDDER_ROLES);
    }

    /** Users in username order, from after the cursor's username. */
    public UserViews.ProfilePage list(int limit, String after) {
        String afterName = after == null ? null : Paging.decode(after);
        if (afterName != null && !Identifiers.isUsername(afterName)) {
            throw Paging.badCursor();
        }
        List<UserDoc> page = afterName == null
                ? users.listOrderByUsername(Pageable.from(0, limit + 1))
                : users.findByUsernameGreaterThanOrderByUsername(afterName, Pageable.from(0, limit + 1));
        List<UserViews.Profile> profiles = page.stream().limit(limit).map(UserViews.Profile::of).toList();
        String next = page.size() > limit ? Paging.encode(profiles.get(limit - 1).username()) : null;
        return new UserViews.ProfilePage(profiles, next);
    }

    /**
     * A new password and/or new roles, each bumping the credential version: MongoDB first, then the
     * Redis mirror, so the acceptor drops older credentials and tokens within its revalidation interval.
     */
    public UserDoc change(UserDoc user, String password, List<String> roles) {
        UserDoc updated = user;
        if (password != null) {
            checkPassword(password);
        }
        List<String> newRoles = roles == null ? null : checkRoles(user, roles);
        if (password != null) {
            updated = updated.withPassword(hasher.hash(password));
        }
        if (newRoles != null) {
            updated = updated.withRoles(newRoles);
        }
        users.update(updated);
        try {
            mirror.write(updated);
        } catch (RuntimeException e) {
            throw ApiException.unavailable("redis is unavailable; the change is saved and reaches the acceptor "
                    + "at the next query-api start", e);
        }
        return updated;
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < 5 || password.length() > 128) {
            throw ApiException.badRequest("password must be 5 to 128 characters");
        }
        if (!Texts.isClean(password)) {
            // An unpaired surrogate would be hashed as '?', so another password would open the account.
            throw ApiException.badRequest("password must not contain control characters or unpaired UTF-16 surrogates");
        }
    }

    /** Known roles only; every user keeps bidder; the operator account keeps admin. */
    private static List<String> checkRoles(UserDoc user, List<String> roles) {
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add("bidder");
        for (String role : roles) {
            if (role == null || !ROLES.contains(role)) {
                throw ApiException.badRequest("roles must be taken from " + ROLES);
            }
            wanted.add(role);
        }
        if (AdminBootstrap.ADMIN.equals(user.username()) && !wanted.contains("admin")) {
            throw ApiException.badRequest("the operator account 'admin' keeps the admin role");
        }
        return ROLES.stream().filter(wanted::contains).toList();
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
