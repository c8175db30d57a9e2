package dev.gavel.contract;

import java.util.List;

/**
 * The fields of an event stream entry ({@code gavel:{pN}:events}) and its types, as the write scripts
 * append them and the archiver reads them; and the fields of a dead-letter entry.
 */
public final class StreamEntry {

    public static final String TYPE = "type";
    public static final String EVENT_ID = "event_id";
    public static final String TS_US = "ts_us";
    public static final String ITEM = "item";
    public static final String USER = "user";
    public static final String AMOUNT_CENTS = "amount_cents";
    public static final String SEQ = "seq";
    public static final String SDK_VERSION = "sdk_version";
    public static final String PLATFORM = "platform";
    public static final String COUNTRY = "country";
    public static final String SESSION_ID = "session_id";
    public static final String CERT_ID = "cert_id";
    public static final String CLASS = "class";
    public static final String NUMBER = "number";
    public static final String STAKEHOLDER = "stakeholder";
    public static final String AMOUNT = "amount";

    public static final String TYPE_BID = "bid";
    public static final String TYPE_IMPRESSION = "impression";
    public static final String TYPE_CERTIFICATE = "certificate";
    public static final String TYPE_ITEM_CLOSED = "item_closed";

    /** Bid entries (format 2): {@code 1} for a bid the system placed for the leader under a maximum bid. */
    public static final String AUTO = "auto";
    /** Bid entries: the item's price after this bid; item_closed entries: the final price, or empty. */
    public static final String PRICE_CENTS = "price_cents";
    /** Bid entries: {@code 1} when this bid's user leads after it. */
    public static final String LEADING = "leading";
    /**
     * Bid entries: the item's new closing time ({@code ts_us} form) when this bid extended it by the soft-close
     * rule; empty otherwise, also for a buy-now and on an automatic bid's entry. Entries written before the
     * field existed lack it.
     */
    public static final String CLOSES_AT_US = "closes_at_us";
    /**
     * Bid entries: the username this bid's user took the lead from, when the lead passed from another user
     * to them; empty otherwise (no previous leader, the same leader, or this user does not lead), and always
     * empty on an automatic bid's entry. Entries written before the field existed lack it.
     */
    public static final String DISPLACED = "displaced";
    /** item_closed entries: the winner's username, or empty. */
    public static final String WINNER = "winner";
    /** item_closed entries: {@code 1}, {@code 0}, or empty when the item has no reserve. */
    public static final String RESERVE_MET = "reserve_met";
    /** item_closed entries: {@code time} or {@code buy_now}. */
    public static final String REASON = "reason";
    /** item_closed entries: {@code sold} or {@code no_sale}. */
    public static final String RESULT = "result";

    /**
     * The entry format. Entries of format {@value #FORMAT_DERIVED_BY_PROCESSOR} carry everything the derived
     * views need (a bid carries its client context too), and only the processor derives those views from
     * them; entries without the field were written by scripts that updated the derived views themselves,
     * so the processor archives them but derives nothing from them.
     */
    public static final String FORMAT = "v";
    public static final String FORMAT_DERIVED_BY_PROCESSOR = "2";

    /** The context fields of an impression, and (format 2) of a bid, each possibly empty. */
    public static final List<String> IMPRESSION_CONTEXT = List.of(SDK_VERSION, PLATFORM, COUNTRY, SESSION_ID);

    public static final String DEAD_STREAM_ID = "stream_id";
    public static final String DEAD_PARTITION = "partition";
    public static final String DEAD_REASON = "reason";
    public static final String DEAD_FIELDS = "fields";
    public static final String DEAD_AT_US = "at_us";

    /** The consumer group that archives every event stream. */
    public static final String ARCHIVER_GROUP = "archiver";

    private StreamEntry() {
    }

    public static String bidEventId(String item, long seq) {
        return TYPE_BID + ":" + item + ":" + seq;
    }

    public static String impressionEventId(String item, long n) {
        return TYPE_IMPRESSION + ":" + item + ":" + n;
    }

    public static String certificateId(String code, long number) {
        return code + "-" + number;
    }

    public static String itemClosedEventId(String item) {
        return TYPE_ITEM_CLOSED + ":" + item;
    }

    public static String certificateEventId(String certId) {
        return TYPE_CERTIFICATE + ":" + certId;
    }

    /** The Redis server time, in ms since the epoch, at which the entry with this id ({@code <ms>-<seq>}) was added. */
    public static long millisOf(String streamId) {
        int dash = streamId.indexOf('-');
        return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
    }
}
