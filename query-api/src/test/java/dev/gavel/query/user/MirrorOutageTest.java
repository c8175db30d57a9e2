package dev.gavel.query.user;

import dev.gavel.contract.PasswordHash;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.UserHash;
import dev.gavel.query.auth.PasswordHasher;
import dev.gavel.query.support.OwnRedisInstance;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The credential mirror is written, retried, or the change undone, while this test's own Redis is frozen by SIGSTOP. */
class MirrorOutageTest {

    private final TestStack stack = TestStack.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private OwnRedisInstance instance;

    @BeforeEach
    void start() {
        instance = OwnRedisInstance.start(stack);
    }

    @AfterEach
    void stop() {
        signal("CONT");
        instance.close();
    }

    @Test
    void shouldRetryTheMirrorUntilItLandsWhenRedisFreezesBriefly() throws Exception {
        // given
        String user = register();

        // when: Redis is frozen for 1.2 s while the password changes
        signal("STOP");
        CompletableFuture<HttpResponse<String>> change = CompletableFuture.supplyAsync(() -> patch(user));
        Thread.sleep(1200);
        signal("CONT");
        HttpResponse<String> response = change.get();

        // then
        assertEquals(200, response.statusCode(), response.body());
        Map<String, String> mirror = instance.redis().hgetall(RedisKeys.user(user));
        UserDoc stored = stack.context().getBean(UserRepository.class).findByUsername(user).orElseThrow();
        assertEquals(Long.toString(stored.credVersion()), mirror.get("ver"));
        assertTrue(PasswordHash.verify("new-pass", mirror.get("hash")));
    }

    @Test
    void shouldUndoTheChangeWhenTheMirrorCannotBeWritten() throws Exception {
        // given
        String user = register();
        String mirroredVersion = instance.redis().hget(RedisKeys.user(user), UserHash.VERSION);

        // when: Redis stays frozen for longer than the change may wait
        signal("STOP");
        long startNanos = System.nanoTime();
        HttpResponse<String> response = patch(user);
        long tookMs = (System.nanoTime() - startNanos) / 1_000_000;
        signal("CONT");

        // then: 503, MongoDB holds the old password at a newer version, and so does the mirror soon after
        // Redis runs again, even though the write that timed out is applied by Redis once it resumes
        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"unavailable\""), response.body());
        assertTrue(tookMs < 5000, "answered after " + tookMs + " ms");
        UserDoc stored = stack.context().getBean(UserRepository.class).findByUsername(user).orElseThrow();
        assertTrue(PasswordHash.verify("12345", stored.passwordHash()));
        assertFalse(PasswordHash.verify("new-pass", stored.passwordHash()));
        assertTrue(stored.credVersion() > Long.parseLong(mirroredVersion));
        Map<String, String> mirror = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            mirror = instance.redis().hgetall(RedisKeys.user(user));
            if (Long.toString(stored.credVersion()).equals(mirror.get("ver"))) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(Long.toString(stored.credVersion()), mirror.get("ver"));
        assertTrue(PasswordHash.verify("12345", mirror.get("hash")));
    }

    private String register() throws IOException, InterruptedException {
        String user = TestStack.unique("mirror");
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"12345\"}")));
        assertEquals(201, created.statusCode(), created.body());
        return user;
    }

    private HttpResponse<String> patch(String user) {
        try {
            return send(HttpRequest.newBuilder(uri("/users/" + user))
                    .header("Content-Type", "application/json")
                    .header("Authorization", TestStack.basic(user, "12345"))
                    .timeout(Duration.ofSeconds(20))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"password\":\"new-pass\",\"current_password\":\"12345\"}")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return instance.uri(path);
    }

    /** SIGSTOP / SIGCONT to this test's own redis-server. */
    private void signal(String signal) {
        long pid = instance.redisServer().pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            assertEquals(0, kill.waitFor());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
