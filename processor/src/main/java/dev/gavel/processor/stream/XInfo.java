package dev.gavel.processor.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the replies of XINFO GROUPS and XINFO CONSUMERS: a list of flat name/value lists. */
final class XInfo {

    private XInfo() {
    }

    /** The archiver group's record in an XINFO GROUPS reply; null when the stream has no such group. */
    static Map<String, String> archiver(List<Object> reply) {
        for (Map<String, String> group : records(reply)) {
            if (ConsumerGroup.GROUP.equals(group.get("name"))) {
                return group;
            }
        }
        return null;
    }

    static List<Map<String, String>> records(List<Object> reply) {
        List<Map<String, String>> records = new ArrayList<>(reply.size());
        for (Object entry : reply) {
            List<?> fields = (List<?>) entry;
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                values.put(String.valueOf(fields.get(i)), String.valueOf(fields.get(i + 1)));
            }
            records.add(values);
        }
        return records;
    }
}
