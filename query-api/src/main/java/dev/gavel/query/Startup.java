package dev.gavel.query;

import dev.gavel.query.item.ItemDoc;
import dev.gavel.query.item.ItemRepository;
import dev.gavel.query.item.ItemSettler;
import dev.gavel.query.item.ItemState;
import dev.gavel.query.shareclass.ShareClassDoc;
import dev.gavel.query.shareclass.ShareClassRepository;
import dev.gavel.query.shareclass.ShareClassState;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.user.AdminBootstrap;
import dev.gavel.query.user.UserDoc;
import dev.gavel.query.user.UserMirror;
import dev.gavel.query.user.UserRepository;
import dev.gavel.query.user.UsernameKeys;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At every start: the unique index on usernames, the admin account, and the catalogue (users, items, share classes)
 * mirrored again into Redis (idempotent HSETs of catalogue and credential fields only), so a
 * Redis that lost its data gets users and items back.
 */
@Singleton
public class Startup implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

    private final MongoStore mongo;
    private final AdminBootstrap admin;
    private final UserRepository users;
    private final UserMirror userMirror;
    private final ItemRepository items;
    private final ItemState itemMirror;
    private final ItemSettler itemSettler;
    private final ShareClassRepository classes;
    private final ShareClassState classMirror;
    private final UsernameKeys usernameKeys;

    public Startup(MongoStore mongo, AdminBootstrap admin, UserRepository users, UserMirror userMirror,
                   ItemRepository items, ItemState itemMirror, ItemSettler itemSettler, ShareClassRepository classes,
                   ShareClassState classMirror, UsernameKeys usernameKeys) {
        this.mongo = mongo;
        this.admin = admin;
        this.users = users;
        this.userMirror = userMirror;
        this.items = items;
        this.itemMirror = itemMirror;
        this.itemSettler = itemSettler;
        this.classes = classes;
        this.classMirror = classMirror;
        this.usernameKeys = usernameKeys;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        mongo.ensureIndexes();
        usernameKeys.ensure();
        admin.run();
        long userCount = 0;
        for (UserDoc user : users.findAll()) {
            userMirror.write(user);
            userCount++;
        }
        // A PATCH whose Redis answer was lost before a crash is settled first, so the mirror writes its outcome.
        int settled = itemSettler.settleAll();
        if (settled > 0) {
            LOG.info("{} pending item changes settled", settled);
        }
        long itemCount = 0;
        for (ItemDoc item : items.findAll()) {
            itemMirror.mirror(item);
            itemCount++;
        }
        long classCount = 0;
        for (ShareClassDoc shareClass : classes.findAll()) {
            classMirror.mirror(shareClass);
            classCount++;
        }
        LOG.info("catalogue mirrored into Redis: {} users, {} items, {} share classes", userCount, itemCount, classCount);
    }
}
