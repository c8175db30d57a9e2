package dev.gavel.query.recent;

import io.micronaut.context.annotation.ConfigurationProperties;

/** gavel.recent-items.*: HTTP and server-side caching of GET /users/{username}/recent-items (docs/configuration.md). */
@ConfigurationProperties("gavel.recent-items")
public class RecentItemsConfig {

    private int maxAge = 5;
    private long cacheMs = 1000;
    private int cacheSize = 10_000;

    public int getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(int maxAge) {
        if (maxAge < 0) {
            throw new IllegalArgumentException("GAVEL_RECENT_ITEMS_MAX_AGE must be 0 or more seconds, got " + maxAge);
        }
        this.maxAge = maxAge;
    }

    public long getCacheMs() {
        return cacheMs;
    }

    public void setCacheMs(long cacheMs) {
        if (cacheMs < 0) {
            throw new IllegalArgumentException("GAVEL_RECENT_ITEMS_CACHE_MS must be 0 or more, got " + cacheMs);
        }
        this.cacheMs = cacheMs;
    }

    public int getCacheSize() {
        return cacheSize;
    }

    public void setCacheSize(int cacheSize) {
        if (cacheSize < 1) {
            throw new IllegalArgumentException("GAVEL_RECENT_ITEMS_CACHE_SIZE must be at least 1, got " + cacheSize);
        }
        this.cacheSize = cacheSize;
    }
}
