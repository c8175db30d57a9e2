package dev.gavel.query.user;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * After a mirror write gave up, brings the mirror back to what MongoDB holds, in the background, until it
 * lands. Needed because a write that timed out may still be applied by Redis later (a frozen Redis reads
 * it from its socket once it runs again): the repair writes MongoDB's state at a newer version, which the
 * mirror's version guard keeps over the late one, whatever order they arrive in.
 */
@Singleton
public class MirrorRepair {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorRepair.class);
    private static final long RETRY_MS = 100;

    private final UserRepository users;
    private final UserMirror mirror;
    private final Map<String, String> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "gavel-mirror-repair");
        thread.setDaemon(true);
        return thread;
    });

    public MirrorRepair(UserRepository users, UserMirror mirror) {
        this.users = users;
        this.mirror = mirror;
    }

    /**
     * Mirrors the user's current MongoDB state until that succeeds. {@code removedId}, when set, is a
     * registration that was undone: if MongoDB has no such user, the mirror entry of that id is deleted.
     */
    public void schedule(String username, String removedId) {
        if (pending.putIfAbsent(username, removedId == null ? "" : removedId) == null) {
            timer.schedule(() -> attempt(username), RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void attempt(String username) {
        String removedId = pending.get(username);
        try {
            Optional<UserDoc> user = users.findByUsername(username);
            if (user.isPresent()) {
                mirror.write(user.get());
            } else if (!removedId.isEmpty()) {
                mirror.deleteIfId(username, removedId);
            }
            pending.remove(username);
            LOG.info("credential mirror of user '{}' repaired", username);
        } catch (RuntimeException e) {
            timer.schedule(() -> attempt(username), RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
