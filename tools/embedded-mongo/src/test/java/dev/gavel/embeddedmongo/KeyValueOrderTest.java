package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyValueOrderTest {

    @Test
    void shouldOrderKeysByTheirValuesElementByElement() {
        assertTrue(KeyValueOrder.INSTANCE.compare(new KeyValue("a"), new KeyValue("b")) < 0);
        assertTrue(KeyValueOrder.INSTANCE.compare(new KeyValue("b", 1), new KeyValue("b", 2)) < 0);
        assertTrue(KeyValueOrder.INSTANCE.compare(new KeyValue("b"), new KeyValue("b", 0)) < 0);
        assertTrue(KeyValueOrder.INSTANCE.compare(new KeyValue(10L), new KeyValue(9L)) > 0);
        assertEquals(0, KeyValueOrder.INSTANCE.compare(new KeyValue("bid:x:1"), new KeyValue("bid:x:1")));
    }

    @Test
    void shouldLeaveOtherTypesToH2() {
        assertTrue(KeyValueOrder.INSTANCE.compare(1L, 2L) < 0);
        assertTrue(KeyValueOrder.INSTANCE.compare("a", "b") < 0);
    }
}
