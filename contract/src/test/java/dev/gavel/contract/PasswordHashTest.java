package dev.gavel.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {

    private static final byte[] SALT = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldVerifyTheRightPassword() {
        // given
        String hash = PasswordHash.hash("12345", SALT, 1000);

        // when / then
        assertTrue(PasswordHash.verify("12345", hash));
    }

    @Test
    void shouldRejectAWrongPassword() {
        // given
        String hash = PasswordHash.hash("12345", SALT, 1000);

        // when / then
        assertFalse(PasswordHash.verify("54321", hash));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "12345",
        "pbkdf2_sha256$1000$c2FsdA==",
        "pbkdf2_sha1$1000$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2_sha256$abc$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2_sha256$0$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2_sha256$1000$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2_sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$c2hvcnQ=",
        "pbkdf2_sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    })
    void shouldRejectAMalformedHash(String malformed) {
        // when / then
        assertFalse(PasswordHash.verify("12345", malformed));
    }
}
