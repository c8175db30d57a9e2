package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BsonDocumentTypeTest {

    private static Document archivedBid() {
        return new Document("_id", "1780000000123-0")
                .append("type", "bid")
                .append("ts_us", 1_780_000_000_123_456L)
                .append("seq", 42)
                .append("amount", 12.5)
                .append("leading", true)
                .append("note", null)
                .append("at", Instant.ofEpochMilli(1_780_000_000_123L))
                .append("bidder", new Document("username", "john").append("roles", List.of("bidder", "issuer")))
                .append("ref", new ObjectId())
                .append("price", new Decimal128(new BigDecimal("1234.5600")))
                .append("blob", new BinData(new byte[] {1, 2, 3}))
                .append("uuid", UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962"));
    }

    @Test
    void shouldWriteADocumentAsBsonAndReadItBackEqual() {
        Document document = archivedBid();

        ByteBuffer written = write(BsonDocumentType.INSTANCE, document);

        assertEquals(BsonDocumentType.BSON_DOCUMENT, written.get(0));
        Object read = BsonDocumentType.INSTANCE.read(written);
        assertEquals(document, read);
        assertEquals(List.copyOf(document.keySet()), List.copyOf(((Document) read).keySet()), "field order");
        assertEquals(0, written.remaining(), "read exactly its own bytes");
    }

    @Test
    void shouldTakeAFractionOfTheBytesJavaSerializationTakes() {
        Document document = archivedBid();

        int bson = write(BsonDocumentType.INSTANCE, document).remaining();
        int serialized = write(new ObjectDataType(), document).remaining();

        assertTrue(bson * 2 < serialized, bson + " bytes as BSON, " + serialized + " Java-serialized");
    }

    @Test
    void shouldStillReadADocumentJavaSerializedByPlainH2() {
        Document document = archivedBid();

        ByteBuffer written = write(new ObjectDataType(), document);

        assertNotEquals(BsonDocumentType.BSON_DOCUMENT, written.get(0));
        assertEquals(document, BsonDocumentType.INSTANCE.read(written));
    }

    @Test
    void shouldReadValuesOneAfterAnotherFromOnePage() {
        WriteBuffer page = new WriteBuffer();
        Document first = archivedBid();
        Document second = new Document("_id", "item-7").append("bid_count", 3L);
        BsonDocumentType.INSTANCE.write(page, first);
        new ObjectDataType().write(page, second);
        BsonDocumentType.INSTANCE.write(page, "not a document");
        ByteBuffer read = page.getBuffer().flip();

        assertEquals(first, BsonDocumentType.INSTANCE.read(read));
        assertEquals(second, BsonDocumentType.INSTANCE.read(read));
        assertEquals("not a document", BsonDocumentType.INSTANCE.read(read));
        assertEquals(0, read.remaining());
    }

    @Test
    void shouldLeaveADocumentBsonCannotHoldToH2() {
        Document document = new Document("_id", 1).append("big", new BigInteger("123456789012345678901234567890"));

        ByteBuffer written = write(BsonDocumentType.INSTANCE, document);

        assertNotEquals(BsonDocumentType.BSON_DOCUMENT, written.get(0));
        assertEquals(document, BsonDocumentType.INSTANCE.read(written));
    }

    private static ByteBuffer write(ObjectDataType type, Object value) {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, value);
        return buffer.getBuffer().flip();
    }
}
