package dev.gavel.query.store;

import dev.gavel.query.error.ApiException;
import dev.gavel.query.error.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The one way query-api creates a record that lives in MongoDB and is mirrored into Redis (items, share
 * classes, users): save in MongoDB, then write the mirror; a mirror that fails undoes the save, so no
 * record exists that the acceptor cannot see. The answer is then 503 when Redis certainly recorded
 * nothing, else 504 (StoreFailures.redisWriteFailed); a failure that is not Redis's passes unchanged.
 */
public final class MirroredSave {

    private static final Logger LOG = LoggerFactory.getLogger(MirroredSave.class);

    private MirroredSave() {
    }

    /**
     * @param what     the record's kind for messages ("item", "share class", "user")
     * @param save     the MongoDB insert
     * @param conflict the 409 for a save refused as a duplicate key
     * @param mirror   the Redis write; it throws when the mirror is not known to have landed
     * @param undo     removes what {@code save} inserted (and anything the kind needs to repair later)
     */
    public static void create(String what, String id, Runnable save, Supplier<ApiException> conflict,
                              Runnable mirror, Runnable undo) {
        try {
            save.run();
        } catch (RuntimeException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                throw conflict.get();
            }
            throw e;
        }
        try {
            mirror.run();
        } catch (RuntimeException e) {
            undo.run();
            LOG.warn("redis mirror of {} '{}' failed, creation undone: {}", what, id, e.getMessage());
            throw StoreFailures.redisWriteFailed("redis is unavailable; the " + what + " was not created", e);
        }
    }

    /**
     * A change of a record that exists: the MongoDB update, then the mirror; when the mirror refuses the
     * change (it throws an ApiException, e.g. a 409 decided atomically in Redis) or fails, {@code undo}
     * writes the previous values back and the refusal, or 503/504, is the answer.
     */
    public static void change(String what, String id, Runnable save, Runnable mirror, Runnable undo) {
        save.run();
        try {
            mirror.run();
        } catch (ApiException refused) {
            undo.run();
            throw refused;
        } catch (RuntimeException e) {
            undo.run();
            LOG.warn("redis mirror of {} '{}' failed, change undone: {}", what, id, e.getMessage());
            throw StoreFailures.redisWriteFailed("redis is unavailable; the " + what + " was not changed", e);
        }
    }
}
