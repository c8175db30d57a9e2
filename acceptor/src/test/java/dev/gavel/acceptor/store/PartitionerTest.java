package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartitionerTest {

    private final Partitioner partitioner = new Partitioner(16);

    @ParameterizedTest
    @CsvSource({"999,15", "CS,7", "PS,5", "item-1,9", "a,3"})
    void shouldMatchTheTestVectorsOfTheRedisLayout(String id, int expected) {
        // when
        int partition = partitioner.partitionOf(id);

        // then
        assertEquals(expected, partition);
    }

    @Test
    void shouldKeepEachDimensionInItsOwnKeySpaceWithContextValuesHexEncoded() {
        // given
        Keys keys = new Keys(partitioner);
        ClientContext context = new ClientContext("1.0", "a:b {x}", "", "session");

        // when
        List<String> impressionKeys = keys.impressionScriptKeys("999", "1.0", context, 1_795_000_000_000_000L);

        // then
        assertEquals(List.of("gavel:{p15}:item:999", "gavel:{p15}:events", "gavel:{p15}:stats:second:1795000000",
                "gavel:{p15}:stats:total", "gavel:{p15}:stats:user:1.0", "gavel:{p15}:stats:item:999",
                "gavel:{p15}:stats:sdk:312e30", "gavel:{p15}:stats:platform:613a62207b787d"), impressionKeys);
    }

    @Test
    void shouldBuildTheBidScriptKeysWithOneHashTag() {
        // given
        Keys keys = new Keys(partitioner);

        // when / then
        assertEquals(List.of("gavel:{p15}:item:999", "gavel:{p15}:item:999:bids",
                "gavel:{p15}:user:john:items", "gavel:{p15}:user:john:bidstats", "gavel:{p15}:events",
                "gavel:{p15}:item:999:bidders", "gavel:{p15}:stats:second:1795000000", "gavel:{p15}:stats:total",
                "gavel:{p15}:stats:user:john", "gavel:{p15}:stats:item:999"),
                keys.bidScriptKeys("999", "john", ClientContext.NONE, 1_795_000_000_123_456L));
        assertEquals("gavel:user:john", Keys.user("john"));
    }
}
