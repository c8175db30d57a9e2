package dev.gavel.query.user;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.gavel.query.store.MongoStore;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * Usernames are unique ignoring case: a unique index on {@code username_key}, the lower-cased name, holds
 * under concurrent registrations. Users written before that field existed get it at start; if two of them
 * differ only in case, the older keeps the plain key and the younger a key no name can have
 * ({@code <name>#<id>}), so both still sign in and neither name's case variants can be registered again.
 */
@Singleton
public class UsernameKeys {

    static final String INDEX = "username_key_unique";
    private static final Logger LOG = LoggerFactory.getLogger(UsernameKeys.class);

    private final MongoStore mongo;

    public UsernameKeys(MongoStore mongo) {
        this.mongo = mongo;
    }

    public void ensure() {
        MongoCollection<Document> users = mongo.database().getCollection("users");
        Set<String> taken = new HashSet<>();
        for (Document user : users.find(Filters.exists("username_key", true))) {
            taken.add(user.getString("username_key"));
        }
        int migrated = 0;
        for (Document user : users.find(Filters.exists("username_key", false)).sort(Sorts.ascending("created_at", "_id"))) {
            String username = user.getString("username");
            String key = UserDoc.keyOf(username);
            if (!taken.add(key)) {
                key = key + "#" + user.get("_id");
                LOG.warn("user '{}' differs only in case from an older user; it keeps signing in, its name key is {}",
                        username, key);
            }
            users.updateOne(Filters.and(Filters.eq("_id", user.get("_id")), Filters.exists("username_key", false)),
                    Updates.set("username_key", key));
            migrated++;
        }
        if (migrated > 0) {
            LOG.info("{} users got their case-insensitive name key", migrated);
        }
        users.createIndex(Indexes.ascending("username_key"), new IndexOptions().unique(true).name(INDEX));
    }
}
