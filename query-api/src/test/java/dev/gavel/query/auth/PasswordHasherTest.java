package dev.gavel.query.auth;

import dev.gavel.contract.PasswordHash;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {

    @Test
    void shouldVerifyItsOwnHashAndRejectOtherPasswords() {
        String hash = new PasswordHasher(1000).hash("12345");

        assertTrue(PasswordHash.verify("12345", hash));
        assertFalse(PasswordHash.verify("12346", hash));
        assertFalse(PasswordHash.verify("12345", "garbage"));
        assertFalse(PasswordHash.verify("12345", "pbkdf2_sha256$x$y$z"));
    }

    @Test
    void shouldFollowTheDocumentedFormatExactly() throws Exception {
        String hash = new PasswordHasher(1234).hash("s3cret");

        String[] parts = hash.split("\\$");
        assertEquals(4, parts.length);
        assertEquals("pbkdf2_sha256", parts[0]);
        assertEquals("1234", parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] key = Base64.getDecoder().decode(parts[3]);
        assertEquals(16, salt.length);
        assertEquals(32, key.length);
        assertTrue(parts[2].endsWith("=="), "standard Base64 with padding");
        byte[] expected = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("s3cret".toCharArray(), salt, 1234, 256)).getEncoded();
        assertArrayEquals(expected, key);
    }
}
