package dev.gavel.query.user;

import dev.gavel.query.auth.AuthThrottle;
import dev.gavel.query.auth.ClientAddresses;
import dev.gavel.query.auth.HashPool;
import dev.gavel.query.error.ApiException;
import jakarta.inject.Singleton;

/**
 * A user changing their own password proves it with {@code current_password}, whatever credentials the
 * request carried: a stolen token or a cached Basic header alone cannot take the account over. A wrong one
 * is a failed authentication for the abuse limits, like a wrong password at sign-in.
 */
@Singleton
public class CurrentPassword {

    private final UserRepository users;
    private final HashPool hashes;
    private final AuthThrottle throttle;
    private final ClientAddresses addresses;

    public CurrentPassword(UserRepository users, HashPool hashes, AuthThrottle throttle, ClientAddresses addresses) {
        this.users = users;
        this.hashes = hashes;
        this.throttle = throttle;
        this.addresses = addresses;
    }

    /** The hash {@code currentPassword} matched; 403 when it is missing or wrong. */
    public String verify(String username, String currentPassword) {
        String address = addresses.current();
        throttle.checkAttempt(username, address, null);
        UserDoc user = users.findByUsername(username)
                .orElseThrow(() -> ApiException.notFound("user '" + username + "' was not found"));
        if (currentPassword == null || !hashes.verify(user.passwordHash(), currentPassword)) {
            throttle.failed(username, address);
            throw ApiException.forbidden("changing your own password needs your correct \"current_password\"");
        }
        return user.passwordHash();
    }
}
