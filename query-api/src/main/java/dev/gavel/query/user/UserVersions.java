package dev.gavel.query.user;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.gavel.query.store.MongoStore;
import jakarta.inject.Singleton;
import org.bson.Document;

/**
 * Compare-and-set on a user's credential version: a change is written only if the document still has the
 * version it was computed from, so two concurrent changes never overwrite one another; the loser reads
 * again and reapplies its change on top (UserService).
 */
@Singleton
public class UserVersions {

    private final MongoStore mongo;

    public UserVersions(MongoStore mongo) {
        this.mongo = mongo;
    }

    /** Writes {@code updated}'s credentials if the stored user is still at {@code expected}'s version. */
    public boolean replaceIfUnchanged(UserDoc expected, UserDoc updated) {
        return users().updateOne(
                Filters.and(Filters.eq("_id", expected.id()), Filters.eq("cred_version", expected.credVersion())),
                Updates.combine(
                        Updates.set("password_hash", updated.passwordHash()),
                        Updates.set("roles", updated.roles()),
                        Updates.set("cred_version", updated.credVersion())))
                .getMatchedCount() == 1;
    }

    private MongoCollection<Document> users() {
        return mongo.database().getCollection("users");
    }
}
