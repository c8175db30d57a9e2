package dev.gavel.query.user;

import dev.gavel.contract.Identifiers;
import dev.gavel.contract.Texts;
import dev.gavel.query.auth.HashPool;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.paging.Page;
import dev.gavel.query.paging.Paging;
import dev.gavel.query.store.MirroredSave;
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

/** Registration, lookup and changes of users: MongoDB first, then the Redis credential mirror. */
@Singleton
public class UserService {

    public static final List<String> BIDDER_ROLES = List.of("bidder");
    public static final List<String> ROLES = List.of("bidder", "issuer", "admin");
    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);

    private static final int MAX_ATTEMPTS = 1000;

    private final UserRepository users;
    private final UserVersions versions;
    private final UserMirror mirror;
    private final HashPool hashes;
    private final MirrorRepair repair;

    public UserService(UserRepository users, UserVersions versions, UserMirror mirror, HashPool hashes,
                       MirrorRepair repair) {
        this.repair = repair;
        this.users = users;
        this.versions = versions;
        this.mirror = mirror;
        this.hashes = hashes;
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
        Pageable rows = Pageable.from(0, Page.fetchSize(limit));
        Page<UserDoc> page = Page.of(afterName == null
                ? users.listOrderByUsername(rows)
                : users.findByUsernameGreaterThanOrderByUsername(afterName, rows), limit);
        return new UserViews.ProfilePage(page.map(UserViews.Profile::of).rows(), page.next(UserDoc::username));
    }

    /**
     * A new password and/or new roles, bumping the credential version once for each. Applied by
     * compare-and-set on that version and retried on a newer copy when another change came first, so
     * concurrent changes apply one after the other and none is lost. {@code requiredHash}, when set, is the
     * hash the caller's current_password was checked against: if the password changed meanwhile, the
     * change is refused (403), as it would be had it arrived second. Then the Redis mirror, retried until
     * it lands; if it cannot, the change is undone in MongoDB (503), so the acceptor never keeps honouring
     * credentials MongoDB no longer has, and the mirror is repaired to MongoDB's state in the background
     * (a write that timed out may still land late).
     */
    public UserDoc change(String username, String password, List<String> roles, String requiredHash) {
        if (password != null) {
            checkPassword(password);
        }
        List<String> newRoles = roles == null ? null : checkRoles(username, roles);
        String newHash = password == null ? null : hashes.hash(password);
        for (int attempt = 1; ; attempt++) {
            UserDoc current = users.findByUsername(username)
                    .orElseThrow(() -> ApiException.notFound("user '" + username + "' was not found"));
            if (requiredHash != null && !requiredHash.equals(current.passwordHash())) {
                throw ApiException.forbidden("the password was changed meanwhile; current_password no longer matches");
            }
            UserDoc updated = current;
            if (newHash != null) {
                updated = updated.withPassword(newHash);
            }
            if (newRoles != null) {
                updated = updated.withRoles(newRoles);
            }
            if (versions.replaceIfUnchanged(current, updated)) {
                publish(current, updated);
                return updated;
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw ApiException.unavailable("user '" + username + "' is changing too often; the change was not made", null);
            }
            Thread.onSpinWait();
        }
    }

    /** The new credentials reach the mirror, or MongoDB goes back to the old ones at a newer version. */
    private void publish(UserDoc previous, UserDoc updated) {
        if (mirror.writeWithinDeadline(updated)) {
            return;
        }
        UserDoc undone = updated.restoring(previous);
        boolean restored;
        try {
            restored = versions.replaceIfUnchanged(updated, undone);
        } catch (RuntimeException e) {
            repair.schedule(updated.username(), null);
            LOG.error("user '{}': redis mirror failed and the change could not be undone: {}", updated.username(), e.toString());
            throw ApiException.outcomeUnknown("redis is unavailable and the change could not be undone; "
                    + "it may be in effect in MongoDB but not yet in the acceptor");
        }
        repair.schedule(updated.username(), null);
        if (!restored) {
            // A newer change was made on top of this one; its own mirror write carries this one too.
            throw ApiException.outcomeUnknown("redis is unavailable; the change was overtaken by a newer one "
                    + "and is in effect only if that one reaches the acceptor");
        }
        throw ApiException.unavailable("redis is unavailable; the change was undone and not made", null);
    }

    public static void checkPassword(String password) {
        if (password == null || password.length() < 5 || password.length() > 128) {
            throw ApiException.badRequest("password must be 5 to 128 characters");
        }
        if (!Texts.isClean(password)) {
            // An unpaired surrogate would be hashed as '?', so another password would open the account.
            throw ApiException.badRequest("password must not contain control characters or unpaired UTF-16 surrogates");
        }
    }

    /** Known roles only; every user keeps bidder; the operator account keeps admin. */
    private static List<String> checkRoles(String username, List<String> roles) {
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add("bidder");
        for (String role : roles) {
            if (role == null || !ROLES.contains(role)) {
                throw ApiException.badRequest("roles must be taken from " + ROLES);
            }
            wanted.add(role);
        }
        if (AdminBootstrap.ADMIN.equals(username) && !wanted.contains("admin")) {
            throw ApiException.badRequest("the operator account 'admin' keeps the admin role");
        }
        return ROLES.stream().filter(wanted::contains).toList();
    }

    /**
     * Inserts the user, then mirrors it; if the mirror cannot be written the insert is undone and the caller
     * gets 503. The unique index on the lower-cased name refuses a name taken in any case, also when two
     * registrations race.
     */
    public UserDoc create(String username, String password, List<String> roles) {
        if (users.findByUsernameKey(UserDoc.keyOf(username)).isPresent()) {
            throw taken(username);
        }
        UserDoc user = new UserDoc(UUID.randomUUID().toString(), username, UserDoc.keyOf(username),
                hashes.hash(password), roles, 1, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        // The mirror retries within its deadline; once it gives up the answer is 503 whatever Redis did,
        // since the undone user's mirror entry is repaired in the background.
        MirroredSave.create("user", username, () -> users.save(user), () -> taken(username), () -> {
            if (!mirror.writeWithinDeadline(user)) {
                throw ApiException.unavailable("redis is unavailable; the user was not created", null);
            }
        }, () -> {
            users.deleteById(user.id());
            repair.schedule(username, user.id());
        });
        return user;
    }

    public Optional<UserDoc> find(String username) {
        return Identifiers.isUsername(username) ? users.findByUsername(username) : Optional.empty();
    }

    /** Sets a new password (no current password needed: the operator's own start-up path). */
    public UserDoc changePassword(UserDoc user, String password) {
        return change(user.username(), password, null, null);
    }

    private static ApiException taken(String username) {
        return ApiException.conflict("username '" + username + "' is taken");
    }
}
