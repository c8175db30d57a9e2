package dev.gavel.acceptor.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Credentials verified against the slow hash, shared by all event loops of the process. Keys are
 * SHA-256 digests of the Authorization header, never the header itself. Failed checks are
 * remembered briefly so a client repeating a wrong password cannot keep the workers busy.
 * Concurrent misses for one digest share a single verification. Each user's credential version, as
 * last read from Redis, is kept too: Bearer tokens are checked against it.
 */
public final class CredentialCache {

    /** A verified credential: who, which credential version it was checked against, and when. */
    public record Entry(Principal principal, String ver, long verifiedAtNanos) {
    }

    /** A user's credential version as last read from Redis, and when. */
    public record Version(String ver, long seenAtNanos) {
    }

    private final BoundedCache<String, Entry> verified;
    private final BoundedCache<String, Long> rejected;
    private final BoundedCache<String, Version> versions;
    private final ConcurrentMap<String, Future<Entry>> inFlight = new ConcurrentHashMap<>();

    public CredentialCache(int maxEntries) {
        this.verified = new BoundedCache<>(maxEntries);
        this.rejected = new BoundedCache<>(Math.max(16, maxEntries / 10));
        this.versions = new BoundedCache<>(maxEntries);
    }

    Version version(String username) {
        return versions.get(username);
    }

    void sawVersion(String username, String ver, long atNanos) {
        versions.put(username, new Version(ver, atNanos));
    }

    Entry get(String digest) {
        return verified.get(digest);
    }

    void put(String digest, Entry entry) {
        verified.put(digest, entry);
    }

    void drop(String digest, Entry entry) {
        verified.remove(digest, entry);
    }

    Long rejectedAt(String digest) {
        return rejected.get(digest);
    }

    void reject(String digest, long atNanos) {
        rejected.put(digest, atNanos);
    }

    int size() {
        return verified.size();
    }

    /** Runs the verification unless one for the same digest is already under way, whose result is shared. */
    Future<Entry> singleFlight(String digest, Supplier<Future<Entry>> verification) {
        Promise<Entry> promise = Promise.promise();
        Future<Entry> existing = inFlight.putIfAbsent(digest, promise.future());
        if (existing != null) {
            return existing;
        }
        Future<Entry> started;
        try {
            started = verification.get();
        } catch (RuntimeException e) {
            started = Future.failedFuture(e);
        }
        started.onComplete((entry, failure) -> {
            inFlight.remove(digest, promise.future());
            if (failure == null) {
                promise.complete(entry);
            } else {
                promise.fail(failure);
            }
        });
        return promise.future();
    }
}
