package dev.gavel.contract;

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
 * GAVEL_TOKEN_SECRET when it is set; otherwise the secret in {@code GAVEL_HOME/token-secret}, which the
 * first process of the stack to start generates (mode 600): 32 random bytes, base64url without padding.
 * bin/gavel writes the same file the same way (without the final newline; readers trim). Generation is
 * race-free: the file appears complete, by a hard link that fails when another process made it first,
 * and then everyone reads it.
 */
public final class TokenSecret {

    public static final String FILE_NAME = "token-secret";
    public static final int RANDOM_BYTES = 32;

    private TokenSecret() {
    }

    public static String resolve(String configured, Path home) {
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

    /** The key HMAC uses: the secret's UTF-8 bytes (the text itself, not its base64 decoding). */
    public static byte[] keyBytes(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static void generate(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] bytes = new byte[RANDOM_BYTES];
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
