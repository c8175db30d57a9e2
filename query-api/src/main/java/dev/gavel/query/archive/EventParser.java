package dev.gavel.query.archive;

import dev.gavel.query.store.Identifiers;
import org.bson.Document;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one stream entry into the document archived in MongoDB's {@code events} collection, or says why
 * it is not a valid event (docs/redis-layout.md, "Event stream entries"): an unknown type, a missing
 * field, a number that does not parse, an event id that does not match its fields.
 */
final class EventParser {

    private static final long MAX_TS_US = 1L << 53;
    private static final Pattern CLASS_CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final List<String> IMPRESSION_CONTEXT = List.of("sdk_version", "platform", "country", "session_id");

    private EventParser() {
    }

    /** A parsed entry: the event document, or the reason it is refused. */
    record Result(Document event, String reason) {

        static Result valid(Document event) {
            return new Result(event, null);
        }

        static Result invalid(String reason) {
            return new Result(null, reason);
        }

        boolean isValid() {
            return event != null;
        }
    }

    static Result parse(Map<String, String> fields) {
        try {
            return Result.valid(parseOrThrow(fields));
        } catch (InvalidEvent e) {
            return Result.invalid(e.getMessage());
        }
    }

    private static Document parseOrThrow(Map<String, String> fields) {
        String type = required(fields, "type");
        String eventId = required(fields, "event_id");
        long tsUs = number(fields, "ts_us", 0, MAX_TS_US - 1);
        Document event = new Document("_id", eventId).append("type", type).append("ts_us", tsUs);
        switch (type) {
            case "bid" -> {
                String item = itemId(fields);
                long seq = number(fields, "seq", 1, Long.MAX_VALUE);
                expectId(eventId, "bid:" + item + ":" + seq);
                event.append("item", item).append("user", username(fields, "user"))
                        .append("amount_cents", number(fields, "amount_cents", 0, 100_000_000_000_000L))
                        .append("seq", seq);
            }
            case "impression" -> {
                String item = itemId(fields);
                if (!eventId.startsWith("impression:" + item + ":")) {
                    throw new InvalidEvent("event_id " + eventId + " does not name item " + item);
                }
                event.append("item", item).append("user", username(fields, "user"));
                for (String field : IMPRESSION_CONTEXT) {
                    event.append(field, present(fields, field));
                }
            }
            case "certificate" -> {
                String certId = required(fields, "cert_id");
                String code = required(fields, "class");
                if (!CLASS_CODE.matcher(code).matches()) {
                    throw new InvalidEvent("class is not a share-class code: " + code);
                }
                long number = number(fields, "number", 1, Long.MAX_VALUE);
                expectId(certId, code + "-" + number);
                expectId(eventId, "certificate:" + certId);
                event.append("cert_id", certId).append("class", code).append("number", number)
                        .append("stakeholder", required(fields, "stakeholder"))
                        .append("amount", number(fields, "amount", 1, Long.MAX_VALUE))
                        .append("user", username(fields, "user"));
            }
            default -> throw new InvalidEvent("unknown type: " + type);
        }
        return event;
    }

    private static String itemId(Map<String, String> fields) {
        String item = required(fields, "item");
        if (!Identifiers.isItemId(item)) {
            throw new InvalidEvent("item is not an item id: " + item);
        }
        return item;
    }

    private static String username(Map<String, String> fields, String name) {
        String user = required(fields, name);
        if (!Identifiers.isUsername(user)) {
            throw new InvalidEvent(name + " is not a username: " + user);
        }
        return user;
    }

    private static void expectId(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new InvalidEvent("id " + actual + " does not match its fields (expected " + expected + ")");
        }
    }

    private static long number(Map<String, String> fields, String name, long min, long max) {
        String value = required(fields, name);
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            throw new InvalidEvent(name + " is not an integer: " + value);
        }
        throw new InvalidEvent(name + " is out of range: " + value);
    }

    /** A field that must be present and not empty. */
    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new InvalidEvent("missing field " + name);
        }
        return value;
    }

    /** A field that must be present; empty is allowed (absent client context). */
    private static String present(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new InvalidEvent("missing field " + name);
        }
        return value;
    }

    private static final class InvalidEvent extends RuntimeException {
        InvalidEvent(String message) {
            super(message, null, false, false);
        }
    }
}
