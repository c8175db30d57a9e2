package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
    void shouldWriteAKeyInAFewBytesAndReadItBack() {
        KeyValue key = new KeyValue("bid", 1_780_000_000_123_456L, "bid:item-7:42", "bid:item-7:42");

        ByteBuffer written = write(KeyValueOrder.INSTANCE, key);

        assertEquals(KeyValueOrder.COMPACT_KEY, written.get(0));
        assertTrue(written.remaining() < 50, written.remaining() + " bytes");
        assertEquals(key, KeyValueOrder.INSTANCE.read(written));
    }

    @Test
    void shouldStillReadAKeyJavaSerializedByPlainH2() {
        KeyValue key = new KeyValue("john", 3.0);

        ByteBuffer written = write(new ObjectDataType(), key);

        assertEquals(key, KeyValueOrder.INSTANCE.read(written));
    }

    private static ByteBuffer write(ObjectDataType type, Object value) {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, value);
        return buffer.getBuffer().flip();
    }

    @Test
    void shouldOrderStringsAndNumbersExactlyAsMongoJavaServersComparator() {
        List<Object> values = new ArrayList<>(List.of("", "a", "b", "bid", "bid:item-7:42", "bid:item-7:5", "Z", "é", "\uD83D\uDE00",
                0, 1, -1, 42, Integer.MAX_VALUE, Integer.MIN_VALUE,
                0L, 1L, -1L, 42L, 1_780_000_000_123_456L, 1_780_000_000_123_457L, (long) Integer.MAX_VALUE + 1,
                Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53, (1L << 53) + 1, -(1L << 53) - 1, Long.MAX_VALUE - 1,
                2.5, -0.0, true));
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            values.add(random.nextLong());
            values.add(random.nextInt());
            values.add(Long.toString(random.nextLong(), 36));
        }
        ValueComparator mongo = ValueComparator.asc();

        for (Object left : values) {
            for (Object right : values) {
                assertEquals(Integer.signum(mongo.compare(left, right)),
                        Integer.signum(KeyValueOrder.compareValues(left, right)), left + " against " + right);
            }
        }
    }

    @Test
    void shouldLeaveOtherTypesToH2() {
        assertTrue(KeyValueOrder.INSTANCE.compare(1L, 2L) < 0);
        assertTrue(KeyValueOrder.INSTANCE.compare("a", "b") < 0);
    }
}
