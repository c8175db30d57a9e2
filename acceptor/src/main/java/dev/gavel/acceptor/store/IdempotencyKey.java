package dev.gavel.acceptor.store;

import java.util.Objects;

/** The Idempotency-Key a client sent with a write, and the fingerprint of that write's request. */
public record IdempotencyKey(String key, String fingerprint) {

    public IdempotencyKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
