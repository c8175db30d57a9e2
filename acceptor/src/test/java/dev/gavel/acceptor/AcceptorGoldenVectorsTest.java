package dev.gavel.acceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gavel.acceptor.auth.HashPool;
import dev.gavel.acceptor.metrics.Metrics;
import dev.gavel.acceptor.store.Keys;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.golden.GoldenVectors.Vector;
import dev.gavel.contract.golden.GoldenVectors;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptor's own wiring reproduces the contract's golden vectors: script KEYS, configuration, hashes. */
class AcceptorGoldenVectorsTest {

    private static final GoldenVectors VECTORS = GoldenVectors.load();

    @TempDir
    Path home;

    @Test
    void shouldPassTheScriptsTheKeysOfTheVectors() {
        for (Vector vector : VECTORS.ofKind("script-keys")) {
            Keys keys = new Keys(new RedisKeys(new Partitioner(vector.inputInt("partitions"))));
            List<String> actual = switch (vector.input("script")) {
                case "bid" -> keys.bidScriptKeys(vector.input("item"));
                case "impression" -> keys.impressionScriptKeys(vector.input("item"));
                default -> keys.certificateScriptKeys(vector.input("class"), vector.input("stakeholder"));
            };
            assertEquals(vector.expectedList("keys"), actual, vector.describe());
        }
    }

    @Test
    void shouldAcceptOnlyThePartitionCountsOfTheVectors() {
        for (Vector vector : VECTORS.ofKind("partition-count")) {
            Map<String, String> env = Map.of("GAVEL_HOME", home.toString(), "GAVEL_TOKEN_SECRET", "s3cret",
                    "GAVEL_PARTITIONS", Long.toString(vector.inputLong("partitions")));
            if (vector.expectedFlag("valid")) {
                assertEquals(vector.inputInt("partitions"), AcceptorConfig.fromEnvironment(env).partitions(),
                        vector.describe());
            } else {
                assertThrows(RuntimeException.class, () -> AcceptorConfig.fromEnvironment(env), vector.describe());
            }
        }
    }

    @Test
    void shouldVerifyPasswordsOnItsHashPoolAsTheVectorsSay() throws Exception {
        try (HashPool pool = new HashPool(1, 4, 1000, new Metrics())) {
            for (Vector vector : VECTORS.ofKind("password-verify")) {
                boolean verified = pool.verify(vector.input("password"), vector.input("hash"))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertEquals(vector.expectedFlag("verifies"), verified, vector.describe());
            }
        }
    }
}
