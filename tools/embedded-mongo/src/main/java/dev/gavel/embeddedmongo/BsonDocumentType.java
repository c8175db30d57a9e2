package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The value type of the embedded MongoDB's collections: each document stored as BSON, the bytes it came in
 * over the wire. H2's own type Java-serializes a value it does not know, class descriptors included, every time
 * it writes a page and every time it reads one back (its background compaction rewrites pages all the time), and
 * that, with the garbage it leaves, was most of the embedded MongoDB's CPU under the archive's load
 * (docs/performance.md, "The embedded MongoDB's documents as BSON").
 *
 * <p>A document written before this (Java-serialized, tag 19) is still read the old way, and written as BSON the
 * next time its page is written. A value that is not a document, or that BSON cannot hold, is left to H2. A date
 * keeps its milliseconds, as it does on the wire: one the server made itself with a finer clock is stored to the
 * millisecond.
 */
final class BsonDocumentType extends ObjectDataType {

    static final BsonDocumentType INSTANCE = new BsonDocumentType();

    /**
     * Marks a document written as BSON: a byte H2's own type never starts a value with (its tags end at 119;
     * {@link KeyValueOrder#COMPACT_KEY} is 126).
     */
    static final byte BSON_DOCUMENT = 125;

    /** Before any document was written: H2's own first guess for a value it serializes. */
    private static final int FIRST_MEMORY_GUESS = 1024;

    /**
     * Twice the average BSON size of the documents written, H2's own estimate for a serialized value's memory:
     * sizing each document by walking it would cost more than writing it. Racy by design, like H2's.
     */
    private volatile int averageMemory = FIRST_MEMORY_GUESS;

    private BsonDocumentType() {
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (!(obj instanceof Document document)) {
            super.write(buff, obj);
            return;
        }
        ByteBuf bson = Unpooled.buffer(averageMemory / 2 + 64);
        try {
            BsonEncoder.encodeDocument(document, bson);
        } catch (RuntimeException notBson) {
            // A value the wire format has no type for: H2 keeps it, Java-serialized, as it always did.
            super.write(buff, obj);
            return;
        }
        int size = bson.readableBytes();
        averageMemory = (int) ((15L * averageMemory + 2L * size) / 16);
        buff.put(BSON_DOCUMENT).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), size);
    }

    @Override
    public Object read(ByteBuffer buff) {
        int start = buff.position();
        if (buff.get(start) != BSON_DOCUMENT) {
            return super.read(buff);
        }
        // A BSON document starts with its whole length, little-endian, those four bytes included.
        int length = buff.getInt(start + 1);
        int size = buff.order() == ByteOrder.LITTLE_ENDIAN ? length : Integer.reverseBytes(length);
        byte[] bson = new byte[size];
        buff.position(start + 1);
        buff.get(bson);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    @Override
    public int getMemory(Object obj) {
        return obj instanceof Document ? averageMemory : super.getMemory(obj);
    }
}
