package dev.gavel.query.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;

/** Recognises MongoDB's duplicate-key error however deep it is wrapped. */
public final class DuplicateKeys {

    private DuplicateKeys() {
    }

    public static boolean isDuplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MongoException mongo
                    && ErrorCategory.fromErrorCode(mongo.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return true;
            }
        }
        return false;
    }
}
