package dev.gavel.query.store;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.GavelConfig;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The contract's partitioner and key names as beans, for the stack's GAVEL_PARTITIONS. */
@Factory
public class ContractBeans {

    @Singleton
    Partitioner partitioner(GavelConfig config) {
        return new Partitioner(config.getPartitions());
    }

    @Singleton
    RedisKeys redisKeys(Partitioner partitioner) {
        return new RedisKeys(partitioner);
    }
}
