package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The key type of the embedded MongoDB's unique indexes: stored exactly as H2 stores any object, but
 * ordered by the keys' values. H2's own type orders a key it does not know (mongo-java-server's
 * {@link KeyValue} is not {@code Comparable}) by Java-serializing both sides on every comparison, which
 * was most of the embedded MongoDB's CPU under load (docs/performance.md).
 */
final class KeyValueOrder extends ObjectDataType {

    static final KeyValueOrder INSTANCE = new KeyValueOrder();

    /**
     * Marks a key written element by element: a byte H2's own type never starts a value with (its tags
     * end at 119). A key written before this (Java-serialized, tag 19) is still read the old way.
     */
    static final byte COMPACT_KEY = 126;

    private static final ValueComparator VALUES = ValueComparator.asc();

    private KeyValueOrder() {
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            return compare(left, right);
        }
        return super.compare(a, b);
    }

    /**
     * A key as its number of elements and each element as H2 writes a value (a few bytes for a string
     * or a number). H2 would otherwise Java-serialize every key of every index page it writes or reads
     * back, with its class descriptors: most of the embedded MongoDB's CPU once an archive's indexes
     * outgrow the page cache (docs/performance.md "/events at 1,000,000 events").
     */
    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (obj instanceof KeyValue key) {
            buff.put(COMPACT_KEY).putVarInt(key.size());
            for (Object element : key) {
                super.write(buff, element);
            }
        } else {
            super.write(buff, obj);
        }
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != COMPACT_KEY) {
            return super.read(buff);
        }
        buff.get();
        int size = DataUtils.readVarInt(buff);
        List<Object> elements = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            elements.add(super.read(buff));
        }
        return new KeyValue(elements);
    }

    /** An estimate for the page cache; H2 would serialize a key it does not know just to size it. */
    @Override
    public int getMemory(Object obj) {
        if (obj instanceof KeyValue key) {
            int memory = 48;
            for (Object element : key) {
                memory += element instanceof String text ? 48 + 2 * text.length() : 24;
            }
            return memory;
        }
        return super.getMemory(obj);
    }

    /** Element by element, as MongoDB orders values; a key that is a prefix of the other sorts first. */
    static int compare(KeyValue left, KeyValue right) {
        int common = Math.min(left.size(), right.size());
        for (int i = 0; i < common; i++) {
            int byValue = compareValues(left.get(i), right.get(i));
            if (byValue != 0) {
                return byValue;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    /**
     * Two values as MongoDB orders them. Two strings, two longs or two ints take the order mongo-java-server's
     * comparator reaches for them (it compares strings with {@link String#compareTo}, and two numbers that both
     * stay a {@code Long} or an {@code Integer} exactly, whatever their size), without its way there: it first
     * boxes each number anew to find its narrowest type, which for the archive's timestamps meant two new
     * {@code Long}s per comparison, on every step of every index descent, and the garbage G1 then collected.
     */
    static int compareValues(Object left, Object right) {
        if (left instanceof String a && right instanceof String b) {
            return a.compareTo(b);
        }
        if (left instanceof Long a && right instanceof Long b) {
            return Long.compare(a, b);
        }
        if (left instanceof Integer a && right instanceof Integer b) {
            return Integer.compare(a, b);
        }
        return VALUES.compare(left, right);
    }
}
