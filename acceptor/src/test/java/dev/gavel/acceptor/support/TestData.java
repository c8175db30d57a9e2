package dev.gavel.acceptor.support;

import dev.gavel.contract.BearerToken;
import dev.gavel.contract.ClassHash;
import dev.gavel.contract.ItemHash;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.PasswordHash;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.TokenSecret;
import dev.gavel.contract.UserHash;
import dev.gavel.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** Writes users and items the way query-api mirrors them (docs/redis-layout.md), with cheap hashes. */
public final class TestData {

    public static final int TEST_ITERATIONS = 1000;
    /** The keys of a stack with the default partition count, as every test stack runs. */
    public static final RedisKeys KEYS = new RedisKeys(new Partitioner(Partitioner.DEFAULT_PARTITIONS));
    public static final String TOKEN_SECRET = "test-token-secret";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestData() {
    }

    public static String hash(String password, int iterations) {
        byte[] salt = new byte[PasswordHash.SALT_BYTES];
        RANDOM.nextBytes(salt);
        return PasswordHash.hash(password, salt, iterations);
    }

    /** Where test data is written: one Redis ({@code redis::command}) or a cluster's client. */
    @FunctionalInterface
    public interface Commands {
        void command(String... args);
    }

    public static void user(RedisServer redis, String username, String password, String ver) {
        user((Commands) redis::command, username, password, ver);
    }

    public static void user(Commands redis, String username, String password, String ver) {
        redis.command("HSET", RedisKeys.user(username), UserHash.ID, "00000000-0000-0000-0000-000000000001",
                UserHash.HASH, hash(password, TEST_ITERATIONS), UserHash.ROLES, "bidder", UserHash.VERSION, ver,
                UserHash.CREATED_AT_US, "1");
    }

    /** A user with the issuer role (as admin or a granted issuer is mirrored). */
    public static void issuer(RedisServer redis, String username, String password) {
        issuer((Commands) redis::command, username, password);
    }

    public static void issuer(Commands redis, String username, String password) {
        redis.command("HSET", RedisKeys.user(username), UserHash.ID, "00000000-0000-0000-0000-000000000002",
                UserHash.HASH, hash(password, TEST_ITERATIONS), UserHash.ROLES, "bidder,issuer", UserHash.VERSION, "1",
                UserHash.CREATED_AT_US, "1");
    }

    /** A share class as query-api mirrors it: catalogue fields only, no counters yet. */
    public static void shareClass(RedisServer redis, String classKey, long authorized) {
        shareClass((Commands) redis::command, classKey, authorized);
    }

    public static void shareClass(Commands redis, String classKey, long authorized) {
        redis.command("HSET", classKey, ClassHash.NAME, "a test class", ClassHash.AUTHORIZED, Long.toString(authorized),
                ClassHash.CREATED_AT_US, "1");
    }

    public static void openItem(RedisServer redis, String itemKey) {
        openItem((Commands) redis::command, itemKey);
    }

    public static void openItem(Commands redis, String itemKey) {
        redis.command("HSET", itemKey, ItemHash.TITLE, "a test item", ItemHash.CREATED_AT_US, "1");
    }

    public static void item(RedisServer redis, String itemKey, String field, String value) {
        redis.command("HSET", itemKey, ItemHash.TITLE, "a test item", ItemHash.CREATED_AT_US, "1", field, value);
    }

    /** A token as query-api's POST /auth/tokens signs it (docs/api.md). */
    public static String token(String secret, String username, String ver, String roles, long expiresAtEpochSeconds) {
        return new BearerToken(username, Long.parseLong(ver), List.of(roles.split(",")), expiresAtEpochSeconds)
                .sign(TokenSecret.keyBytes(secret));
    }

    public static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
