package dev.gavel.query.auth;

import dev.gavel.contract.PasswordHash;
import dev.gavel.query.GavelConfig;
import jakarta.inject.Singleton;

import java.security.SecureRandom;

/**
 * Makes password hashes in the contract's format ({@link PasswordHash}) with a fresh random salt and
 * GAVEL_PASSWORD_ITERATIONS. Slow on purpose: call it off the event loop.
 */
@Singleton
public class PasswordHasher {

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher(GavelConfig config) {
        this(config.getPasswordIterations());
    }

    public PasswordHasher(int iterations) {
        this.iterations = iterations;
    }

    public String hash(String password) {
        byte[] salt = new byte[PasswordHash.SALT_BYTES];
        random.nextBytes(salt);
        return PasswordHash.hash(password, salt, iterations);
    }

    /**
     * A well-formed hash of no password, at this hasher's iteration count: checking a password against it
     * costs exactly a real check and never succeeds in practice. Made without running the hash.
     */
    public String dummy() {
        byte[] salt = new byte[PasswordHash.SALT_BYTES];
        byte[] key = new byte[PasswordHash.KEY_BYTES];
        random.nextBytes(salt);
        random.nextBytes(key);
        return PasswordHash.encode(iterations, salt, key);
    }
}
