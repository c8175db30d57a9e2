package dev.gavel.query.user;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.PasswordHash;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.UserHash;
import dev.gavel.query.GavelConfig;
import dev.gavel.query.Startup;
import dev.gavel.query.auth.PasswordHasher;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminBootstrapTest {

    private final TestStack stack = TestStack.get();

    @Test
    void shouldWriteGeneratedPasswordWithMode600AndLetAdminCreateItems() throws Exception {
        Path file = stack.home().resolve("admin-password");

        assertTrue(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(stack.adminPassword().length() >= 24);
        Response created = stack.postJson("/items", "{\"title\":\"by admin\"}", "Authorization", stack.adminAuth());
        assertEquals(201, created.status(), created.toString());
        Map<String, String> mirror = stack.redis().hgetall(RedisKeys.user("admin"));
        assertEquals("bidder,issuer,admin", mirror.get("roles"));
        assertTrue(PasswordHash.verify(stack.adminPassword(), mirror.get("hash")));
    }

    @Test
    void shouldMirrorUsersAndItemsAgainAtStartup() {
        String user = stack.newUser("lost", "12345");
        String item = TestStack.unique("lost");
        assertEquals(201, stack.postJson("/items", "{\"id\":\"" + item + "\",\"title\":\"Lost\"}",
                "Authorization", stack.adminAuth()).status());
        String itemKey = new RedisKeys(new Partitioner(16)).item(item);
        stack.redis().del(RedisKeys.user(user), itemKey);

        stack.context().getBean(Startup.class).onApplicationEvent(null);

        assertEquals("bidder", stack.redis().hget(RedisKeys.user(user), UserHash.ROLES));
        assertEquals("Lost", stack.redis().hget(itemKey, "title"));
    }

    @Test
    void shouldReapplyConfiguredAdminPasswordAndBumpCredentialVersion() {
        UserRepository users = stack.context().getBean(UserRepository.class);
        UserService service = stack.context().getBean(UserService.class);
        String original = stack.adminPassword();
        long version = users.findByUsername("admin").orElseThrow().credVersion();
        try {
            bootstrapWith("configured-secret", users, service);

            UserDoc admin = users.findByUsername("admin").orElseThrow();
            assertTrue(PasswordHash.verify("configured-secret", admin.passwordHash()));
            assertEquals(version + 1, admin.credVersion());
            assertEquals(Long.toString(version + 1), stack.redis().hget(RedisKeys.user("admin"), UserHash.VERSION));
            assertEquals(401, stack.postJson("/items", "{\"title\":\"x\"}", "Authorization", stack.adminAuth()).status());
            bootstrapWith("configured-secret", users, service);
            assertEquals(version + 1, users.findByUsername("admin").orElseThrow().credVersion());
        } finally {
            bootstrapWith(original, users, service);
        }
    }

    private void bootstrapWith(String password, UserRepository users, UserService service) {
        GavelConfig config = new GavelConfig();
        config.setHome(stack.home().toString());
        config.setAdminPassword(password);
        new AdminBootstrap(config, users, service).run();
    }
}
