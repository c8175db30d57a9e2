package dev.gavel.query.store;

import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.golden.GoldenVectors.Vector;
import dev.gavel.contract.golden.GoldenVectors;
import dev.gavel.contract.golden.KeyVectors;
import dev.gavel.query.GavelConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** query-api's wiring (GAVEL_PARTITIONS → the key beans) reproduces the contract's golden vectors. */
class ContractBeansGoldenVectorsTest {

    private static final GoldenVectors VECTORS = GoldenVectors.load();

    @Test
    void shouldNameEveryKeyAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("redis-key")) {
            assertEquals(vector.expectedText("key"), KeyVectors.build(keys(vector.inputInt("partitions")), vector),
                    vector.describe());
        }
    }

    @Test
    void shouldPartitionAsTheVectorsSay() {
        for (Vector vector : VECTORS.ofKind("partition")) {
            assertEquals(vector.expectedLong("partition"), keys(vector.inputInt("partitions")).partitionOf(vector.input("id")),
                    vector.describe());
        }
    }

    @Test
    void shouldAcceptOnlyThePartitionCountsOfTheVectors() {
        for (Vector vector : VECTORS.ofKind("partition-count")) {
            int count = vector.inputInt("partitions");
            if (vector.expectedFlag("valid")) {
                assertEquals(count, keys(count).partitions(), vector.describe());
            } else {
                assertThrows(IllegalArgumentException.class, () -> new GavelConfig().setPartitions(count), vector.describe());
            }
        }
    }

    private static RedisKeys keys(int partitions) {
        GavelConfig config = new GavelConfig();
        config.setPartitions(partitions);
        ContractBeans beans = new ContractBeans();
        return beans.redisKeys(beans.partitioner(config));
    }
}
