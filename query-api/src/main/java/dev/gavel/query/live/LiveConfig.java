package dev.gavel.query.live;

import io.micronaut.context.annotation.ConfigurationProperties;

/** The gavel.live.* settings of the live streams (docs/configuration.md). */
@ConfigurationProperties("gavel.live")
public class LiveConfig {

    private int pollMs = 10;
    private int blockMs = 1000;
    private int batch = 500;
    private int heartbeatSeconds = 15;
    private int bufferEvents = 1024;
    private int flushMs = 0;
    private int tailIdleSeconds = 60;

    public int getPollMs() {
        return pollMs;
    }

    /**
     * GAVEL_LIVE_POLL_MS: on a Redis Cluster (or with GAVEL_LIVE_BLOCK_MS 0), how long a partition's reader waits
     * after a read that found less than a batch.
     */
    public void setPollMs(int pollMs) {
        this.pollMs = between("GAVEL_LIVE_POLL_MS", pollMs, 1, 10_000);
    }

    public int getBlockMs() {
        return blockMs;
    }

    /**
     * GAVEL_LIVE_BLOCK_MS: on one Redis, how long the one blocking read of every partition waits for a new entry
     * before it is sent again (at most half GAVEL_REDIS_TIMEOUT_MS is used, so the read is never timed out);
     * 0: poll each partition, as on a cluster.
     */
    public void setBlockMs(int blockMs) {
        this.blockMs = between("GAVEL_LIVE_BLOCK_MS", blockMs, 0, 60_000);
    }

    public int getBatch() {
        return batch;
    }

    /** GAVEL_LIVE_BATCH: entries one read of a partition's stream asks for ({@code XREAD COUNT}). */
    public void setBatch(int batch) {
        this.batch = between("GAVEL_LIVE_BATCH", batch, 1, 100_000);
    }

    public int getHeartbeatSeconds() {
        return heartbeatSeconds;
    }

    public void setHeartbeatSeconds(int heartbeatSeconds) {
        this.heartbeatSeconds = between("GAVEL_LIVE_HEARTBEAT_SECONDS", heartbeatSeconds, 1, 3600);
    }

    public int getBufferEvents() {
        return bufferEvents;
    }

    public void setBufferEvents(int bufferEvents) {
        this.bufferEvents = between("GAVEL_LIVE_BUFFER_EVENTS", bufferEvents, 1, 1_000_000);
    }

    public int getFlushMs() {
        return flushMs;
    }

    /**
     * GAVEL_LIVE_FLUSH_MS: the least time between two writes to one busy stream; what arrives meanwhile leaves
     * with the next write. 0: every batch read from the streams is written at once.
     */
    public void setFlushMs(int flushMs) {
        this.flushMs = between("GAVEL_LIVE_FLUSH_MS", flushMs, 0, 1000);
    }

    public int getTailIdleSeconds() {
        return tailIdleSeconds;
    }

    /**
     * GAVEL_LIVE_TAIL_IDLE_SECONDS: how long the instance keeps reading the partition streams after its last live
     * subscriber (item, user or operations stream) left; 0: it stops at once. A subscriber arriving meanwhile finds
     * the streams read already.
     */
    public void setTailIdleSeconds(int tailIdleSeconds) {
        this.tailIdleSeconds = between("GAVEL_LIVE_TAIL_IDLE_SECONDS", tailIdleSeconds, 0, 86_400);
    }

    private static int between(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
