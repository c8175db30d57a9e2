package dev.gavel.query.bid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The three shapes of a bids-list entry the bid script has written, and what it never writes. */
class BidListEntryTest {

    private static final long T0 = 1_795_000_000_000_000L;

    @Test
    void shouldReadAPlainEntryFromBeforeMaximumBidsWithoutPriceOrLeading() {
        // when
        BidListEntry entry = BidListEntry.parse("1|john|1250|" + T0);

        // then
        assertEquals(new BidListEntry(1, "john", 1250, T0, false, Optional.empty(), Optional.empty()), entry);
    }

    @Test
    void shouldReadAnAutomaticEntryFromBeforeThePriceWasRecorded() {
        // when
        BidListEntry entry = BidListEntry.parse("3|john|1600|" + T0 + "|auto");

        // then
        assertEquals(new BidListEntry(3, "john", 1600, T0, true, Optional.empty(), Optional.empty()), entry);
    }

    @Test
    void shouldReadTheCurrentShapeWithThePriceAfterTheBidAndWhetherItsUserLeads() {
        // when
        BidListEntry losing = BidListEntry.parse("2|otto|1500|" + T0 + "||1600|0");
        BidListEntry automatic = BidListEntry.parse("3|john|1600|" + T0 + "|auto|1600|1");
        BidListEntry large = BidListEntry.parse("4|ann|100000000000000|" + T0 + "||100000000000000|1");

        // then
        assertEquals(new BidListEntry(2, "otto", 1500, T0, false, Optional.of(1600L), Optional.of(false)), losing);
        assertEquals(new BidListEntry(3, "john", 1600, T0, true, Optional.of(1600L), Optional.of(true)), automatic);
        assertEquals(Optional.of(100_000_000_000_000L), large.priceCents());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1|john|1250", "1|john|1250|1|", "1|john|1250|1|manual", "1|john|1250|1|auto|5",
            "1|john|1250|1|x|5|1", "1|john|1250|1||5|yes", "1|john|1250|1||5|", "1|john|12.50|1", "1|john|1250|1||5|1|1"})
    void shouldRefuseAShapeTheBidScriptNeverWrites(String entry) {
        // when
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> BidListEntry.parse(entry));

        // then
        assertEquals("malformed bid entry in Redis: " + entry, refused.getMessage());
    }
}
