package dev.gavel.acceptor.support;

import dev.gavel.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** Writes users and items the way query-api mirrors them (docs/redis-layout.md), with cheap hashes. */
public final class TestData {

    public static final int TEST_ITERATIONS = 1000;
    public static final String TOKEN_SECRET = "test-token-secret";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestData() {
    }

    public static String hash(String password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return "pbkdf2_sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void user(RedisServer redis, String username, String password, String ver) {
        redis.command("HSET", "gavel:user:" + username, "id", "00000000-0000-0000-0000-000000000001",
                "hash", hash(password, TEST_ITERATIONS), "roles", "bidder", "ver", ver, "created_at_us", "1");
    }

    /** A user with the issuer role (as admin or a granted issuer is mirrored). */
    public static void issuer(RedisServer redis, String username, String password) {
        redis.command("HSET", "gavel:user:" + username, "id", "00000000-0000-0000-0000-000000000002",
                "hash", hash(password, TEST_ITERATIONS), "roles", "bidder,issuer", "ver", "1", "created_at_us", "1");
    }

    /** A share class as query-api mirrors it: catalogue fields only, no counters yet. */
    public static void shareClass(RedisServer redis, String classKey, long authorized) {
        redis.command("HSET", classKey, "name", "a test class", "authorized", Long.toString(authorized),
                "created_at_us", "1");
    }

    public static void openItem(RedisServer redis, String itemKey) {
        redis.command("HSET", itemKey, "title", "a test item", "created_at_us", "1");
    }

    public static void item(RedisServer redis, String itemKey, String field, String value) {
        redis.command("HSET", itemKey, "title", "a test item", "created_at_us", "1", field, value);
    }

    /** A token as query-api's POST /auth/tokens signs it (docs/api.md). */
    public static String token(String secret, String username, String ver, String roles, long expiresAtEpochSeconds) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = b64.encodeToString(("v1:" + username + ":" + ver + ":" + roles + ":" + expiresAtEpochSeconds)
                .getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return payload + "." + b64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
