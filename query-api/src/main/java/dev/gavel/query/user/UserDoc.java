package dev.gavel.query.user;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;
import java.util.List;

/** A user in MongoDB's {@code users} collection; the password only as its slow hash. */
@MappedEntity("users")
public record UserDoc(
        @Id String id,
        String username,
        @MappedProperty("password_hash") String passwordHash,
        List<String> roles,
        @MappedProperty("cred_version") long credVersion,
        @MappedProperty("created_at") Instant createdAt) {

    public UserDoc withPassword(String newHash) {
        return new UserDoc(id, username, newHash, roles, credVersion + 1, createdAt);
    }
}
