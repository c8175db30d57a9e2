package dev.gavel.contract;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * {@code pbkdf2_sha256$<iterations>$<salt>$<hash>}: PBKDF2-HMAC-SHA256, a 16-byte salt, a 32-byte key,
 * both standard Base64 with padding (docs/redis-layout.md). query-api makes them, the acceptor and
 * query-api verify them. Slow on purpose: call it off any event loop. A malformed hash never verifies.
 */
public final class PasswordHash {

    public static final String PREFIX = "pbkdf2_sha256";
    public static final int SALT_BYTES = 16;
    public static final int KEY_BYTES = 32;
    /** A stored count above this is refused unverified: it would only tie up a hashing thread. */
    public static final int MAX_ITERATIONS = 10_000_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    private PasswordHash() {
    }

    /** The encoded hash of {@code password} under this salt and iteration count. */
    public static String hash(String password, byte[] salt, int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and " + MAX_ITERATIONS + ", got " + iterations);
        }
        return encode(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * A well-formed hash from a salt and a key given as they are: with random bytes, a hash no password
     * matches in practice, which costs exactly a real check to verify.
     */
    public static String encode(int iterations, byte[] salt, byte[] key) {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    /** Verifies with the iteration count stored in the hash, in constant time; false for any malformed hash. */
    public static boolean verify(String password, String encoded) {
        if (password == null || encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        int iterations;
        byte[] salt;
        byte[] expected;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length == 0 || expected.length != KEY_BYTES) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, salt, iterations), expected);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        } finally {
            spec.clearPassword();
        }
    }
}
