package dev.gavel.query;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.PasswordHash;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;
import java.util.Optional;

/** The gavel.* settings, each fed by one environment variable (docs/configuration.md). */
@ConfigurationProperties("gavel")
public class GavelConfig {

    private String redisUrl = "redis://127.0.0.1:6379";
    /** The acceptor's default and range (AcceptorConfig), so one GAVEL_REDIS_TIMEOUT_MS means one thing. */
    private int redisTimeoutMs = 1500;
    private int partitions = Partitioner.DEFAULT_PARTITIONS;
    private String home = "./var";
    private String adminPassword = "";
    private int passwordIterations = 600_000;
    private String tokenSecret = "";
    private long tokenTtlSeconds = 3600;
    private int mongodbTimeoutMs = 1500;
    private String mongodbWriteConcern = "majority";

    public String getRedisUrl() {
        return redisUrl;
    }

    public void setRedisUrl(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    public int getRedisTimeoutMs() {
        return redisTimeoutMs;
    }

    public void setRedisTimeoutMs(int redisTimeoutMs) {
        if (redisTimeoutMs < 1 || redisTimeoutMs > 600_000) {
            throw new IllegalArgumentException("GAVEL_REDIS_TIMEOUT_MS must be between 1 and 600000, got " + redisTimeoutMs);
        }
        this.redisTimeoutMs = redisTimeoutMs;
    }

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        if (partitions < Partitioner.MIN_PARTITIONS || partitions > Partitioner.MAX_PARTITIONS) {
            throw new IllegalArgumentException("GAVEL_PARTITIONS must be between " + Partitioner.MIN_PARTITIONS
                    + " and " + Partitioner.MAX_PARTITIONS + ", got " + partitions);
        }
        this.partitions = partitions;
    }

    public String getHome() {
        return home;
    }

    public void setHome(String home) {
        this.home = home;
    }

    public Path homeDir() {
        return Path.of(home);
    }

    public String getAdminPassword() {
        return adminPassword;
    }

    public void setAdminPassword(String adminPassword) {
        this.adminPassword = adminPassword == null ? "" : adminPassword;
    }

    /** The configured admin password, empty when GAVEL_ADMIN_PASSWORD is unset or blank. */
    public Optional<String> adminPassword() {
        return adminPassword.isBlank() ? Optional.empty() : Optional.of(adminPassword);
    }

    public int getPasswordIterations() {
        return passwordIterations;
    }

    public void setPasswordIterations(int passwordIterations) {
        if (passwordIterations < 1 || passwordIterations > PasswordHash.MAX_ITERATIONS) {
            throw new IllegalArgumentException("GAVEL_PASSWORD_ITERATIONS must be between 1 and "
                    + PasswordHash.MAX_ITERATIONS + " (no service verifies more), got " + passwordIterations);
        }
        this.passwordIterations = passwordIterations;
    }

    public String getTokenSecret() {
        return tokenSecret;
    }

    public void setTokenSecret(String tokenSecret) {
        this.tokenSecret = tokenSecret == null ? "" : tokenSecret;
    }

    public long getTokenTtlSeconds() {
        return tokenTtlSeconds;
    }

    public void setTokenTtlSeconds(long tokenTtlSeconds) {
        if (tokenTtlSeconds < 1) {
            throw new IllegalArgumentException("GAVEL_TOKEN_TTL_SECONDS must be a positive integer, got " + tokenTtlSeconds);
        }
        this.tokenTtlSeconds = tokenTtlSeconds;
    }

    public int getMongodbTimeoutMs() {
        return mongodbTimeoutMs;
    }

    public void setMongodbTimeoutMs(int mongodbTimeoutMs) {
        if (mongodbTimeoutMs < 100 || mongodbTimeoutMs > 60_000) {
            throw new IllegalArgumentException("GAVEL_MONGODB_TIMEOUT_MS must be from 100 to 60000, got " + mongodbTimeoutMs);
        }
        this.mongodbTimeoutMs = mongodbTimeoutMs;
    }

    public String getMongodbWriteConcern() {
        return mongodbWriteConcern;
    }

    /** {@code majority} or a positive number of members; journaled either way. */
    public void setMongodbWriteConcern(String mongodbWriteConcern) {
        String w = mongodbWriteConcern == null ? "" : mongodbWriteConcern.trim();
        if (!w.equals("majority") && !w.matches("[1-9][0-9]{0,1}")) {
            throw new IllegalArgumentException(
                    "GAVEL_MONGODB_WRITE_CONCERN must be majority or a number of members from 1, got " + mongodbWriteConcern);
        }
        this.mongodbWriteConcern = w;
    }
}
