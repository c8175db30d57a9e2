package dev.gavel.query.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * GAVEL_TOKEN_SECRET when set; otherwise {@code GAVEL_HOME/token-secret}, generated (mode 600) by the
 * first service of the stack that starts. The file appears complete through a hard link that fails when
 * another process made it first, so concurrent starts agree on one secret.
 */
final class TokenSecret {

    static final String FILE_NAME = "token-secret";

    private TokenSecret() {
    }

    static String resolve(String configured, Path home) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Path file = home.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (secret.isEmpty()) {
                throw new IllegalStateException("GAVEL_TOKEN_SECRET is unset and " + file + " is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("GAVEL_TOKEN_SECRET is unset and " + file + " cannot be read or created", e);
        }
    }

    private static void generate(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        Path pending = Files.createTempFile(dir, FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(pending, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n");
            Files.createLink(file, pending);
        } catch (FileAlreadyExistsException e) {
            return;
        } finally {
            Files.deleteIfExists(pending);
        }
    }
}
