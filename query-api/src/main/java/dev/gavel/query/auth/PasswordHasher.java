package dev.gavel.query.auth;

import dev.gavel.query.GavelConfig;
import jakarta.inject.Singleton;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * {@code pbkdf2_sha256$<iterations>$<salt>$<hash>}: PBKDF2-HMAC-SHA256, 16-byte random salt,
 * 32-byte key, both standard Base64 with padding (docs/redis-layout.md). Slow on purpose:
 * call it off the event loop.
 */
@Singleton
public class PasswordHasher {

    private static final String PREFIX = "pbkdf2_sha256";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BYTES = 32;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher(GavelConfig config) {
        this(config.getPasswordIterations());
    }

    public PasswordHasher(int iterations) {
        this.iterations = iterations;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] key = derive(password, salt, iterations, KEY_BYTES);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    /**
     * A well-formed hash of no password, at this hasher's iteration count: checking a password against it
     * costs exactly a real check and never succeeds in practice. Made without running the hash.
     */
    public String dummy() {
        byte[] salt = new byte[SALT_BYTES];
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(salt);
        random.nextBytes(key);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    /** Verifies with the iteration count stored in the hash; false for any malformed hash. */
    public static boolean verify(String encoded, String password) {
        if (encoded == null || password == null) {
            return false;
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        try {
            int count = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            if (count < 1 || expected.length == 0) {
                return false;
            }
            return MessageDigest.isEqual(expected, derive(password, salt, count, expected.length));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int keyBytes) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, keyBytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }
}
