package dev.gavel.query;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;
import java.util.Optional;

/** The gavel.* settings, each fed by one environment variable (docs/configuration.md). */
@ConfigurationProperties("gavel")
public class GavelConfig {

    private String redisUrl = "redis://127.0.0.1:6379";
    private int partitions = 16;
    private String home = "./var";
    private String adminPassword = "";
    private int passwordIterations = 600_000;

    public String getRedisUrl() {
        return redisUrl;
    }

    public void setRedisUrl(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("GAVEL_PARTITIONS must be a positive integer, got " + partitions);
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
        if (passwordIterations < 1) {
            throw new IllegalArgumentException(
                    "GAVEL_PASSWORD_ITERATIONS must be a positive integer, got " + passwordIterations);
        }
        this.passwordIterations = passwordIterations;
    }
}
