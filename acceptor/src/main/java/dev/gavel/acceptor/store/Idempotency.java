package dev.gavel.acceptor.store;

import java.util.Objects;

/**
 * One write's Idempotency-Key as the write script sees it: the Redis key of its record (tagged with
 * the write's partition, see {@link Keys#idempotency}) and the fingerprint of the request it was
 * first used for. Records live {@link #TTL_SECONDS}, the contract's "at least 24 hours".
 */
public record Idempotency(String recordKey, String fingerprint) {

    public static final long TTL_SECONDS = 24 * 60 * 60;

    public Idempotency {
        Objects.requireNonNull(recordKey, "recordKey");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
