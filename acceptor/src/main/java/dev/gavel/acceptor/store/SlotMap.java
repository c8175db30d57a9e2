package dev.gavel.acceptor.store;

import dev.gavel.contract.HashSlots;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which primary serves each of a Redis Cluster's slots, as one node's CLUSTER SLOTS told it; immutable. */
final class SlotMap {

    static final SlotMap EMPTY = new SlotMap(new int[HashSlots.SLOTS], List.of());

    /** Per slot: 1 + the index of its primary in {@link #primaries}, 0 when no node serves it. */
    private final int[] owners;
    private final List<String> primaries;

    private SlotMap(int[] owners, List<String> primaries) {
        this.owners = owners;
        this.primaries = List.copyOf(primaries);
    }

    /**
     * Reads a CLUSTER SLOTS reply: ranges of {@code [start, end, [host, port, id, ...], replicas...]}. A
     * primary shown without a host (an unknown endpoint) is on the host of the node that answered.
     */
    static SlotMap parse(Response slots, String answeringHost) {
        int[] owners = new int[HashSlots.SLOTS];
        List<String> primaries = new ArrayList<>();
        for (Response range : slots) {
            int start = range.get(0).toInteger();
            int end = range.get(1).toInteger();
            Response primary = range.get(2);
            String host = primary.get(0) == null ? "" : primary.get(0).toString();
            if (host.isEmpty() || "?".equals(host)) {
                host = answeringHost;
            }
            String address = host + ":" + primary.get(1).toInteger();
            int index = primaries.indexOf(address);
            if (index < 0) {
                primaries.add(address);
                index = primaries.size() - 1;
            }
            if (start < 0 || end >= HashSlots.SLOTS || start > end) {
                throw new IllegalArgumentException("CLUSTER SLOTS gave an invalid range " + start + "-" + end);
            }
            Arrays.fill(owners, start, end + 1, index + 1);
        }
        return new SlotMap(owners, primaries);
    }

    /** The {@code host:port} of the primary serving the slot, or null when none does (or for slot -1: no key). */
    String owner(int slot) {
        if (slot < 0) {
            return primaries.isEmpty() ? null : primaries.get(0);
        }
        int owner = owners[slot];
        return owner == 0 ? null : primaries.get(owner - 1);
    }

    /** Every primary serving a slot, each once. */
    Set<String> primaries() {
        return new LinkedHashSet<>(primaries);
    }

    boolean isEmpty() {
        return primaries.isEmpty();
    }
}
