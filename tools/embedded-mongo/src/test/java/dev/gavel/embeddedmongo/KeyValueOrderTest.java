package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

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
    void shouldLeaveOtherTypesToH2() {
        assertTrue(KeyValueOrder.INSTANCE.compare(1L, 2L) < 0);
        assertTrue(KeyValueOrder.INSTANCE.compare("a", "b") < 0);
    }
}
