package dev.gavel.e2e;

import java.util.Map;
import java.util.Set;

/**
 * A local Redis Cluster of 3 primaries with a replica each under a stack with one acceptor that answers a write
 * only once a replica has it ({@code GAVEL_REDIS_WAIT_REPLICAS=1}), for the cluster's fault tests
 * ({@link SharedStack}). Each writes to items and a share class of its own and leaves the cluster as it found
 * it: the failover test hands the partitions back to the primary it killed, the reshard test moves the slots
 * back. The reshard test runs with the replicas acknowledging too, which only makes its checks stricter.
 */
final class SharedClusterStack extends SharedStack {

    SharedClusterStack() {
        super(Set.of(ClusterFailoverEndToEndTest.class, ClusterReshardEndToEndTest.class),
                () -> Stack.startWithDemo("-cluster", Map.of("GAVEL_REDIS_SHARDS", "3", "GAVEL_REDIS_REPLICAS", "1",
                        "GAVEL_REDIS_WAIT_REPLICAS", "1", "GAVEL_PARTITIONS", Integer.toString(ClusterNodes.PARTITIONS),
                        "GAVEL_ACCEPTORS", "1")));
    }
}
