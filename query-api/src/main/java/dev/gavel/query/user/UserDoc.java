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

/**
 * A user in MongoDB's {@code users} collection; the password only as its slow hash.
 * Persisted by the driver's record codec, which reads the Bson annotations; Micronaut Data builds its
 * queries from the mapping annotations. Both name the same fields.
 */
@MappedEntity("users")
public record UserDoc(
        @Id @BsonId @BsonRepresentation(BsonType.STRING) String id,
        String username,
        @MappedProperty("password_hash") @BsonProperty("password_hash") String passwordHash,
        List<String> roles,
        @MappedProperty("cred_version") @BsonProperty("cred_version") long credVersion,
        @MappedProperty("created_at") @BsonProperty("created_at") Instant createdAt) {

    public UserDoc withPassword(String newHash) {
        return new UserDoc(id, username, newHash, roles, credVersion + 1, createdAt);
    }

    public UserDoc withRoles(List<String> newRoles) {
        return new UserDoc(id, username, passwordHash, List.copyOf(newRoles), credVersion + 1, createdAt);
    }
}
