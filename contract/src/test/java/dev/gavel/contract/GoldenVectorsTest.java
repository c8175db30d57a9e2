package dev.gavel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.contract.golden.GoldenVectors.Vector;
import dev.gavel.contract.golden.GoldenVectors;
import dev.gavel.contract.golden.KeyVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract reproduces every golden vector. */
class GoldenVectorsTest {

    private static final GoldenVectors VECTORS = GoldenVectors.load();

    @Test
    void shouldPartitionEveryIdAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("partition")) {
            Partitioner partitioner = new Partitioner(vector.inputInt("partitions"));
            assertEquals(vector.expectedLong("partition"), partitioner.partition(vector.input("id")), vector.describe());
            assertEquals(vector.expectedText("tag"), partitioner.tagOf(vector.input("id")), vector.describe());
        }
    }

    @Test
    void shouldPutEveryKeyOnTheSlotRedisClusterDoes() {
        for (Vector vector : VECTORS.ofKind("hash-slot")) {
            assertEquals(vector.expectedLong("slot"), HashSlots.slot(vector.input("key")), vector.describe());
        }
    }

    @Test
    void shouldSpaceThePartitionTagsOverTheSlotsAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("partition-tag")) {
            int partition = vector.inputInt("partition");
            assertEquals(vector.expectedText("tag"), Partitioner.tag(partition), vector.describe());
            assertEquals(vector.expectedLong("slot"), Partitioner.slotOf(partition), vector.describe());
            assertEquals(vector.expectedLong("slot"), HashSlots.slot(Partitioner.tag(partition)), vector.describe());
        }
    }

    @Test
    void shouldAcceptOnlyThePartitionCountsTheVectorsAllow() {
        for (Vector vector : VECTORS.ofKind("partition-count")) {
            int count = vector.inputInt("partitions");
            if (vector.expectedFlag("valid")) {
                assertEquals(count, new Partitioner(count).partitions(), vector.describe());
            } else {
                assertThrows(IllegalArgumentException.class, () -> new Partitioner(count), vector.describe());
            }
        }
    }

    @Test
    void shouldBuildEveryKeyAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("redis-key")) {
            RedisKeys keys = new RedisKeys(new Partitioner(vector.inputInt("partitions")));
            assertEquals(vector.expectedText("key"), KeyVectors.build(keys, vector), vector.describe());
        }
    }

    @Test
    void shouldNameEventsAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("event-id")) {
            String actual = switch (vector.input("type")) {
                case StreamEntry.TYPE_BID -> StreamEntry.bidEventId(vector.input("item"), vector.inputLong("seq"));
                case StreamEntry.TYPE_IMPRESSION -> StreamEntry.impressionEventId(vector.input("item"), vector.inputLong("n"));
                default -> {
                    String certId = StreamEntry.certificateId(vector.input("class"), vector.inputLong("number"));
                    assertEquals(vector.expectedText("cert_id"), certId, vector.describe());
                    yield StreamEntry.certificateEventId(certId);
                }
            };
            assertEquals(vector.expectedText("event_id"), actual, vector.describe());
        }
    }

    @Test
    void shouldHashPasswordsAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("password-hash")) {
            byte[] salt = HexFormat.of().parseHex(vector.input("salt_hex"));
            String hash = PasswordHash.hash(vector.input("password"), salt, vector.inputInt("iterations"));
            assertEquals(vector.expectedText("hash"), hash, vector.describe());
            assertTrue(PasswordHash.verify(vector.input("password"), hash), vector.describe());
        }
    }

    @Test
    void shouldVerifyPasswordsAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("password-verify")) {
            assertEquals(vector.expectedFlag("verifies"),
                    PasswordHash.verify(vector.input("password"), vector.input("hash")), vector.describe());
        }
    }

    @Test
    void shouldIssueTokensAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("token-issue")) {
            long expires = Math.floorDiv(vector.inputLong("now_epoch_ms"), 1000L) + vector.inputLong("ttl_seconds");
            BearerToken token = new BearerToken(vector.input("username"), vector.inputLong("cred_version"),
                    vector.inputList("roles"), expires);
            assertEquals(vector.expectedLong("expires_at_epoch_s"), expires, vector.describe());
            assertEquals(vector.expectedText("token"), token.sign(TokenSecret.keyBytes(vector.input("secret"))),
                    vector.describe());
        }
    }

    @Test
    void shouldVerifyTokensAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("token-verify")) {
            Optional<BearerToken> verified = BearerToken.verify(vector.input("token"),
                    TokenSecret.keyBytes(vector.input("secret")), vector.inputLong("now_epoch_s"));
            assertEquals(vector.expectedFlag("valid"), verified.isPresent(), vector.describe());
            verified.ifPresent(token -> {
                assertEquals(vector.expectedText("username"), token.username(), vector.describe());
                assertEquals(vector.expectedLong("cred_version"), token.credVersion(), vector.describe());
                assertEquals(vector.expectedList("roles"), token.roles(), vector.describe());
            });
        }
    }

    @Test
    void shouldResolveTheTokenSecretAsTheVectorsSay(@TempDir Path home) throws IOException {
        for (Vector vector : VECTORS.ofKind("token-secret")) {
            Path dir = Files.createTempDirectory(home, "home");
            if (vector.has("file")) {
                Files.writeString(dir.resolve(TokenSecret.FILE_NAME), vector.input("file"));
            }
            String secret = TokenSecret.resolve(vector.input("configured"), dir);
            if (vector.expected("secret") != null) {
                assertEquals(vector.expectedText("secret"), secret, vector.describe());
            } else {
                assertTrue(secret.matches(vector.expectedText("pattern")), vector.describe() + ": " + secret);
                assertEquals(secret, Files.readString(dir.resolve(TokenSecret.FILE_NAME)).trim(), vector.describe());
            }
        }
    }

    @Test
    void shouldWriteMoneyAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("money")) {
            assertEquals(vector.expectedText("text"), Money.text(vector.inputLong("cents")), vector.describe());
        }
    }

    @Test
    void shouldWriteTimesAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("time")) {
            long micros = vector.inputLong("epoch_us");
            assertEquals(vector.expectedText("text"), MicroTime.format(micros), vector.describe());
            assertEquals(micros, MicroTime.toMicros(MicroTime.toInstant(micros)), vector.describe());
        }
    }

    @Test
    void shouldMapStatusesToTheVectorsErrorCodes() {
        for (Vector vector : VECTORS.ofKind("error-code")) {
            assertEquals(vector.expectedText("code"), ErrorCodes.forStatus(vector.inputInt("status")), vector.describe());
        }
    }

    @Test
    void shouldJudgeTextAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("text")) {
            assertEquals(vector.expectedFlag("clean"), Texts.isClean(vector.input("text")), vector.describe());
            assertEquals(vector.expectedFlag("clean_prose"), Texts.isCleanProse(vector.input("text")), vector.describe());
        }
    }

    @Test
    void shouldRefuseWithTheMessagesOfTheVectors() throws ReflectiveOperationException {
        for (Vector vector : VECTORS.ofKind("auth-message")) {
            String message = (String) AuthMessages.class.getField(vector.input("refusal")).get(null);
            assertEquals(vector.expectedText("message"), message, vector.describe());
            assertEquals(vector.expectedText("error"), ErrorCodes.forStatus((int) vector.expectedLong("status")), vector.describe());
        }
    }

    @Test
    void shouldRefuseAKindWithNoVectors() {
        assertThrows(IllegalArgumentException.class, () -> VECTORS.ofKind("no-such-kind"));
        assertFalse(VECTORS.all().isEmpty());
    }
}
