package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sorted query answered by walking an {@link OrderedIndex} in order instead of sorting every matching
 * document of the collection: the index's leading fields are fixed by equality conditions of the query,
 * the fields after them are the sort, and a lower bound on the first sort field ({@code $gt}, {@code $gte},
 * an equality, or an {@code $or} whose branches all have one, as a keyset cursor makes) sets where the
 * walk starts. The caller still applies the whole query to each document it reads and stops at the
 * limit, so the index only chooses which documents to look at, never which ones match.
 *
 * <p>Of several usable indexes the one with the fewest entries in its range is walked (the H2 map
 * counts a range without reading it).
 */
final class IndexScan {

    private final OrderedIndex index;
    /** Null: from the index's first entry. */
    private final KeyValue from;
    private final KeyValue to;

    private IndexScan(OrderedIndex index, KeyValue from, KeyValue to) {
        this.index = index;
        this.from = from;
        this.to = to;
    }

    /** The scan that answers {@code query} sorted by {@code orderBy}, if an index can. */
    static Optional<IndexScan> plan(Document query, Document orderBy, List<? extends Index<Object>> indexes) {
        List<String> sort = ascendingSort(orderBy);
        if (sort.isEmpty()) {
            return Optional.empty();
        }
        List<Object> conjuncts = new ArrayList<>();
        conjuncts(query, conjuncts);
        Map<String, Object> equalities = equalities(conjuncts);
        IndexScan best = null;
        long bestCount = Long.MAX_VALUE;
        for (Index<Object> candidate : indexes) {
            if (candidate instanceof OrderedIndex ordered) {
                IndexScan scan = scanOf(ordered, sort, equalities, conjuncts);
                if (scan != null) {
                    long count = scan.count();
                    if (count < bestCount) {
                        best = scan;
                        bestCount = count;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    String indexName() {
        return index.getName();
    }

    long count() {
        return index.count(from, to);
    }

    /** The positions of the documents to read, in the sort's order. */
    Iterator<Object> positions() {
        return index.positions(from, to);
    }

    private static IndexScan scanOf(OrderedIndex index, List<String> sort, Map<String, Object> equalities,
                                    List<Object> conjuncts) {
        if (index.sparse() || index.isMultikey()) {
            return null;
        }
        List<IndexKey> fields = index.fields();
        for (IndexKey field : fields) {
            if (!field.isAscending()) {
                return null;
            }
        }
        int prefix = 0;
        while (prefix < fields.size() && equalities.containsKey(fields.get(prefix).getKey())) {
            prefix++;
        }
        if (prefix + sort.size() > fields.size()) {
            return null;
        }
        for (int i = 0; i < sort.size(); i++) {
            if (!fields.get(prefix + i).getKey().equals(sort.get(i))) {
                return null;
            }
        }
        List<Object> start = new ArrayList<>(prefix + 1);
        for (int i = 0; i < prefix; i++) {
            start.add(equalities.get(fields.get(i).getKey()));
        }
        List<Object> end = new ArrayList<>(start);
        end.add(MaxKey.getInstance());
        Object bound = lowerBound(conjuncts, sort.get(0));
        if (bound != null) {
            start.add(bound);
        }
        // Normalized as the index normalizes the values it stores.
        return new IndexScan(index, start.isEmpty() ? null : new KeyValue(start).normalized(),
                new KeyValue(end).normalized());
    }

    /** The sort's fields when every one is ascending; empty for no sort, {@code $natural} or a descending key. */
    private static List<String> ascendingSort(Document orderBy) {
        if (orderBy == null || orderBy.isEmpty()) {
            return List.of();
        }
        List<String> fields = new ArrayList<>(orderBy.size());
        for (Map.Entry<String, Object> entry : orderBy.entrySet()) {
            if (entry.getKey().startsWith("$") || !(entry.getValue() instanceof Number direction)
                    || direction.doubleValue() != 1.0) {
                return List.of();
            }
            fields.add(entry.getKey());
        }
        return fields;
    }

    /** The query as a list of one-field conditions and {@code $or}s, {@code $and}s flattened. */
    private static void conjuncts(Document query, List<Object> into) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            if (entry.getKey().equals("$and") && entry.getValue() instanceof Collection<?> parts) {
                for (Object part : parts) {
                    if (part instanceof Document document) {
                        conjuncts(document, into);
                    }
                }
            } else {
                into.add(new Document(entry.getKey(), entry.getValue()));
            }
        }
    }

    /** Fields the query fixes to one plain value (a string, number, ...; not null, an array or a document). */
    private static Map<String, Object> equalities(List<Object> conjuncts) {
        Map<String, Object> equalities = new LinkedHashMap<>();
        for (Object conjunct : conjuncts) {
            Map.Entry<String, Object> condition = ((Document) conjunct).entrySet().iterator().next();
            Object value = equalityValue(condition.getValue());
            if (!condition.getKey().startsWith("$") && value != null) {
                equalities.putIfAbsent(condition.getKey(), value);
            }
        }
        return equalities;
    }

    private static Object equalityValue(Object condition) {
        if (condition instanceof Document operators) {
            return operators.size() == 1 && operators.containsKey("$eq") ? plain(operators.get("$eq")) : null;
        }
        return plain(condition);
    }

    /** Values whose equality and order in an index are those of MongoDB: strings and numbers. */
    private static Object plain(Object value) {
        return value instanceof String || value instanceof Number ? value : null;
    }

    /**
     * A value no document matching all {@code conjuncts} has below in {@code field}, or null. An
     * {@code $or} bounds the field only when each of its branches does, by the least of their bounds.
     */
    private static Object lowerBound(List<Object> conjuncts, String field) {
        Object best = null;
        for (Object conjunct : conjuncts) {
            Map.Entry<String, Object> condition = ((Document) conjunct).entrySet().iterator().next();
            Object bound = null;
            if (condition.getKey().equals(field)) {
                bound = fieldBound(condition.getValue());
            } else if (condition.getKey().equals("$or") && condition.getValue() instanceof Collection<?> branches) {
                bound = orBound(branches, field);
            }
            if (bound != null && (best == null || compare(bound, best) > 0)) {
                best = bound;
            }
        }
        return best;
    }

    private static Object orBound(Collection<?> branches, String field) {
        Object least = null;
        for (Object branch : branches) {
            if (!(branch instanceof Document document)) {
                return null;
            }
            List<Object> parts = new ArrayList<>();
            conjuncts(document, parts);
            Object bound = lowerBound(parts, field);
            if (bound == null) {
                return null;
            }
            if (least == null || compare(bound, least) < 0) {
                least = bound;
            }
        }
        return least;
    }

    private static Object fieldBound(Object condition) {
        if (!(condition instanceof Document operators)) {
            return plain(condition);
        }
        Object best = null;
        for (Map.Entry<String, Object> operator : operators.entrySet()) {
            String name = operator.getKey();
            if (name.equals("$gt") || name.equals("$gte") || name.equals("$eq")) {
                Object value = plain(operator.getValue());
                if (value != null && (best == null || compare(value, best) > 0)) {
                    best = value;
                }
            }
        }
        return best;
    }

    /** MongoDB's order of values, across types too (numbers before strings), as the index has them. */
    private static int compare(Object a, Object b) {
        return ValueComparator.asc().compare(a, b);
    }
}
