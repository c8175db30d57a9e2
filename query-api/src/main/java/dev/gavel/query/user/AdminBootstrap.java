package dev.gavel.query.user;

import dev.gavel.contract.PasswordHash;
import dev.gavel.query.GavelConfig;
import dev.gavel.query.auth.PasswordHasher;
import dev.gavel.query.store.DuplicateKeys;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The operator account {@code admin} exists from the first start. Its password is
 * GAVEL_ADMIN_PASSWORD (re-applied at every start), or, when unset, one generated at the first
 * start into {@code $GAVEL_HOME/admin-password} (mode 600). The password itself is never logged.
 */
@Singleton
public class AdminBootstrap {

    public static final String ADMIN = "admin";
    public static final List<String> ADMIN_ROLES = List.of("bidder", "issuer", "admin");
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private final GavelConfig config;
    private final UserRepository users;
    private final UserService service;

    public AdminBootstrap(GavelConfig config, UserRepository users, UserService service) {
        this.config = config;
        this.users = users;
        this.service = service;
    }

    public void run() {
        Optional<UserDoc> admin = users.findByUsername(ADMIN);
        Optional<String> configured = config.adminPassword();
        if (admin.isPresent()) {
            if (configured.isPresent() && !PasswordHash.verify(configured.get(), admin.get().passwordHash())) {
                service.changePassword(admin.get(), configured.get());
                LOG.info("admin password changed to GAVEL_ADMIN_PASSWORD");
            }
            return;
        }
        if (configured.isPresent()) {
            createAdmin(configured.get());
            LOG.info("admin account created with GAVEL_ADMIN_PASSWORD");
            return;
        }
        String generated = generatePassword();
        Path target = passwordFile();
        Path pending = writePending(target, generated);
        try {
            createAdmin(generated);
            Files.move(pending, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        } finally {
            deleteQuietly(pending);
        }
        LOG.info("admin account created; its generated password is in {}", target.toAbsolutePath());
    }

    public Path passwordFile() {
        return config.homeDir().resolve("admin-password");
    }

    private void createAdmin(String password) {
        try {
            service.create(ADMIN, password, ADMIN_ROLES);
        } catch (RuntimeException e) {
            if (!DuplicateKeys.isDuplicateKey(e) && users.findByUsername(ADMIN).isEmpty()) {
                throw e;
            }
            LOG.info("admin account was created by another instance");
        }
    }

    private static Path writePending(Path target, String password) {
        try {
            Files.createDirectories(target.getParent());
            Path pending = Files.createTempFile(target.getParent(), "admin-password", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pending, password + "\n");
            return pending;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the admin password under " + target.getParent(), e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", path, e.getMessage());
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
