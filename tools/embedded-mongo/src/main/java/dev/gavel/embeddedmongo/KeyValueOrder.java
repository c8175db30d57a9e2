package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded MongoDB's unique indexes: stored exactly as H2 stores any object, but
 * ordered by the keys' values. H2's own type orders a key it does not know (mongo-java-server's
 * {@link KeyValue} is not {@code Comparable}) by Java-serializing both sides on every comparison, which
 * was most of the embedded MongoDB's CPU under load (docs/performance.md).
 */
final class KeyValueOrder extends ObjectDataType {

    static final KeyValueOrder INSTANCE = new KeyValueOrder();

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

    /** Element by element, as MongoDB orders values; a key that is a prefix of the other sorts first. */
    static int compare(KeyValue left, KeyValue right) {
        int common = Math.min(left.size(), right.size());
        for (int i = 0; i < common; i++) {
            int byValue = VALUES.compare(left.get(i), right.get(i));
            if (byValue != 0) {
                return byValue;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
