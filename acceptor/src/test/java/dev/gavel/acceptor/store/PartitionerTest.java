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
    void shouldBuildTheBidScriptKeysWithOneHashTag() {
        // given
        Keys keys = new Keys(partitioner);

        // when / then
        assertEquals(List.of("gavel:{p15}:item:999", "gavel:{p15}:item:999:bids",
                "gavel:{p15}:user:john:items", "gavel:{p15}:user:john:bidstats", "gavel:{p15}:events"),
                keys.bidScriptKeys("999", "john"));
        assertEquals("gavel:user:john", Keys.user("john"));
    }
}
