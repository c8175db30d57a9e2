package dev.gavel.query.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gavel.contract.MicroTime;
import dev.gavel.query.json.JsonStrings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.annotation.Serdeable.Deserializable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** The JSON shapes of the user endpoints. */
public final class UserViews {

    private UserViews() {
    }

    @Serdeable
    public record Registration(@Nullable @Deserializable(using = JsonStrings.class) String username,
                               @Nullable @Deserializable(using = JsonStrings.class) String password) {
    }

    /** A PATCH body; {@code current_password} is required when users change their own password. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Change(@Nullable @Deserializable(using = JsonStrings.class) String password,
                         @Nullable List<String> roles,
                         @Nullable @Deserializable(using = JsonStrings.class) String currentPassword) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProfilePage(List<Profile> users, @Nullable String next) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Created(String id, String username, String createdAt) {

        static Created of(UserDoc user) {
            return new Created(user.id(), user.username(), MicroTime.format(user.createdAt()));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Profile(String id, String username, List<String> roles, String createdAt) {

        static Profile of(UserDoc user) {
            return new Profile(user.id(), user.username(), user.roles(), MicroTime.format(user.createdAt()));
        }
    }
}
