package dev.gavel.processor.archive;

import dev.gavel.contract.Identifiers;
import org.bson.Document;

import java.util.List;
import java.util.Map;

import static dev.gavel.contract.StreamEntry.AMOUNT;
import static dev.gavel.contract.StreamEntry.AMOUNT_CENTS;
import static dev.gavel.contract.StreamEntry.AUTO;
import static dev.gavel.contract.StreamEntry.CERT_ID;
import static dev.gavel.contract.StreamEntry.CLASS;
import static dev.gavel.contract.StreamEntry.EVENT_ID;
import static dev.gavel.contract.StreamEntry.IMPRESSION_CONTEXT;
import static dev.gavel.contract.StreamEntry.ITEM;
import static dev.gavel.contract.StreamEntry.NUMBER;
import static dev.gavel.contract.StreamEntry.PRICE_CENTS;
import static dev.gavel.contract.StreamEntry.REASON;
import static dev.gavel.contract.StreamEntry.RESERVE_MET;
import static dev.gavel.contract.StreamEntry.RESULT;
import static dev.gavel.contract.StreamEntry.SEQ;
import static dev.gavel.contract.StreamEntry.STAKEHOLDER;
import static dev.gavel.contract.StreamEntry.TS_US;
import static dev.gavel.contract.StreamEntry.TYPE;
import static dev.gavel.contract.StreamEntry.TYPE_BID;
import static dev.gavel.contract.StreamEntry.TYPE_CERTIFICATE;
import static dev.gavel.contract.StreamEntry.TYPE_IMPRESSION;
import static dev.gavel.contract.StreamEntry.TYPE_ITEM_CLOSED;
import static dev.gavel.contract.StreamEntry.USER;
import static dev.gavel.contract.StreamEntry.WINNER;
import static dev.gavel.contract.StreamEntry.bidEventId;
import static dev.gavel.contract.StreamEntry.certificateEventId;
import static dev.gavel.contract.StreamEntry.certificateId;
import static dev.gavel.contract.StreamEntry.itemClosedEventId;

/**
 * Turns one stream entry into the document archived in MongoDB's {@code events} collection, or says why
 * it is not a valid event (docs/redis-layout.md, "Event stream entries"): an unknown type, a missing
 * field, a number that does not parse, an event id that does not match its fields. An {@code item_closed}
 * entry's empty {@code winner}, {@code price_cents} and {@code reserve_met} are archived as null. A bid
 * keeps whether the system placed it under a maximum bid ({@code auto}, a boolean), and nothing else of
 * the entry's rule fields: a ceiling is never in an entry, and the archive copies only the fields named
 * here, so none could reach it.
 */
public final class EventParser {

    private static final long MAX_TS_US = 1L << 53;
    private static final long MAX_AMOUNT_CENTS = 100_000_000_000_000L;
    private static final List<String> REASONS = List.of("time", "buy_now");
    private static final List<String> RESULTS = List.of("sold", "no_sale");

    private EventParser() {
    }

    /** A parsed entry: the event document, or the reason it is refused. */
    public record Result(Document event, String reason) {

        static Result valid(Document event) {
            return new Result(event, null);
        }

        static Result invalid(String reason) {
            return new Result(null, reason);
        }

        public boolean isValid() {
            return event != null;
        }
    }

    public static Result parse(Map<String, String> fields) {
        try {
            return Result.valid(parseOrThrow(fields));
        } catch (InvalidEvent e) {
            return Result.invalid(e.getMessage());
        }
    }

    private static Document parseOrThrow(Map<String, String> fields) {
        String type = required(fields, TYPE);
        String eventId = required(fields, EVENT_ID);
        long tsUs = number(fields, TS_US, 0, MAX_TS_US - 1);
        Document event = new Document("_id", eventId).append(TYPE, type).append(TS_US, tsUs);
        switch (type) {
            case TYPE_BID -> {
                String item = itemId(fields);
                long seq = number(fields, SEQ, 1, Long.MAX_VALUE);
                expectId(eventId, bidEventId(item, seq));
                event.append(ITEM, item).append(USER, username(fields))
                        .append(AMOUNT_CENTS, number(fields, AMOUNT_CENTS, 0, MAX_AMOUNT_CENTS))
                        .append(SEQ, seq).append(AUTO, automatic(fields));
            }
            case TYPE_IMPRESSION -> {
                String item = itemId(fields);
                if (!eventId.startsWith(TYPE_IMPRESSION + ":" + item + ":")) {
                    throw new InvalidEvent("event_id " + eventId + " does not name item " + item);
                }
                event.append(ITEM, item).append(USER, username(fields));
                for (String field : IMPRESSION_CONTEXT) {
                    event.append(field, present(fields, field));
                }
            }
            case TYPE_CERTIFICATE -> {
                String certId = required(fields, CERT_ID);
                String code = required(fields, CLASS);
                if (!Identifiers.isClassCode(code)) {
                    throw new InvalidEvent("class is not a share-class code: " + code);
                }
                long number = number(fields, NUMBER, 1, Long.MAX_VALUE);
                expectId(certId, certificateId(code, number));
                expectId(eventId, certificateEventId(certId));
                event.append(CERT_ID, certId).append(CLASS, code).append(NUMBER, number)
                        .append(STAKEHOLDER, required(fields, STAKEHOLDER))
                        .append(AMOUNT, number(fields, AMOUNT, 1, Long.MAX_VALUE))
                        .append(USER, username(fields));
            }
            case TYPE_ITEM_CLOSED -> {
                String item = itemId(fields);
                expectId(eventId, itemClosedEventId(item));
                String winner = present(fields, WINNER);
                if (!winner.isEmpty() && !Identifiers.isUsername(winner)) {
                    throw new InvalidEvent(WINNER + " is not a username: " + winner);
                }
                event.append(ITEM, item).append(WINNER, winner.isEmpty() ? null : winner)
                        .append(PRICE_CENTS, present(fields, PRICE_CENTS).isEmpty() ? null
                                : number(fields, PRICE_CENTS, 0, MAX_AMOUNT_CENTS))
                        .append(RESERVE_MET, reserveMet(fields))
                        .append(REASON, oneOf(fields, REASON, REASONS))
                        .append(RESULT, oneOf(fields, RESULT, RESULTS));
            }
            default -> throw new InvalidEvent("unknown type: " + type);
        }
        return event;
    }

    private static String itemId(Map<String, String> fields) {
        String item = required(fields, ITEM);
        if (!Identifiers.isItemId(item)) {
            throw new InvalidEvent("item is not an item id: " + item);
        }
        return item;
    }

    /**
     * A bid's {@code auto}: {@code 1} or {@code 0}. Entries written before maximum bids existed lack the
     * field, and none of those was automatic.
     */
    private static boolean automatic(Map<String, String> fields) {
        String value = fields.get(AUTO);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new InvalidEvent(AUTO + " is not 1 or 0: " + value);
        };
    }

    /** {@code 1} or {@code 0}; empty (null) for an item without a reserve. */
    private static Boolean reserveMet(Map<String, String> fields) {
        String value = present(fields, RESERVE_MET);
        return switch (value) {
            case "" -> null;
            case "1" -> Boolean.TRUE;
            case "0" -> Boolean.FALSE;
            default -> throw new InvalidEvent(RESERVE_MET + " is not 1, 0 or empty: " + value);
        };
    }

    private static String oneOf(Map<String, String> fields, String name, List<String> allowed) {
        String value = required(fields, name);
        if (!allowed.contains(value)) {
            throw new InvalidEvent(name + " is not one of " + allowed + ": " + value);
        }
        return value;
    }

    private static String username(Map<String, String> fields) {
        String user = required(fields, USER);
        if (!Identifiers.isUsername(user)) {
            throw new InvalidEvent(USER + " is not a username: " + user);
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
