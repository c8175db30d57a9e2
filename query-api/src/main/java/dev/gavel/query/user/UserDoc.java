package dev.gavel.query.user;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import org.bson.BsonType;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.bson.codecs.pojo.annotations.BsonRepresentation;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A user in MongoDB's {@code users} collection; the password only as its slow hash. {@code username_key}
 * is the lower-cased name under a unique index, so names that differ only in case cannot both exist.
 * {@code cred_version} only ever grows: every change of password or roles is a conditional update on it.
 * Persisted by the driver's record codec, which reads the Bson annotations; Micronaut Data builds its
 * queries from the mapping annotations. Both name the same fields.
 */
@MappedEntity("users")
public record UserDoc(
        @Id @BsonId @BsonRepresentation(BsonType.STRING) String id,
        String username,
        @MappedProperty("username_key") @BsonProperty("username_key") String usernameKey,
        @MappedProperty("password_hash") @BsonProperty("password_hash") String passwordHash,
        List<String> roles,
        @MappedProperty("cred_version") @BsonProperty("cred_version") long credVersion,
        @MappedProperty("created_at") @BsonProperty("created_at") Instant createdAt) {

    public UserDoc withPassword(String newHash) {
        return new UserDoc(id, username, usernameKey, newHash, roles, credVersion + 1, createdAt);
    }

    /** The credentials of {@code previous} again, at a version above this one: how a change is undone. */
    public UserDoc restoring(UserDoc previous) {
        return new UserDoc(id, username, usernameKey, previous.passwordHash, previous.roles, credVersion + 1, createdAt);
    }

    /** The unique key of a username: its lower-case form (usernames are ASCII). */
    public static String keyOf(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    public UserDoc withRoles(List<String> newRoles) {
        return new UserDoc(id, username, usernameKey, passwordHash, List.copyOf(newRoles), credVersion + 1, createdAt);
    }
}
