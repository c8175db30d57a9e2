package dev.gavel.query.live.ops;

import java.util.List;

/** Reads an XINFO GROUPS reply: one flat name/value list per group. */
final class XInfoGroups {

    private XInfoGroups() {
    }

    /** The named group's {@code last-delivered-id}, or null when the stream has no such group. */
    static String lastDeliveredId(List<Object> reply, String group) {
        for (Object entry : reply) {
            List<?> fields = (List<?>) entry;
            String name = null;
            String lastDelivered = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String field = String.valueOf(fields.get(i));
                if (field.equals("name")) {
                    name = String.valueOf(fields.get(i + 1));
                } else if (field.equals("last-delivered-id")) {
                    lastDelivered = String.valueOf(fields.get(i + 1));
                }
            }
            if (group.equals(name)) {
                return lastDelivered;
            }
        }
        return null;
    }
}
