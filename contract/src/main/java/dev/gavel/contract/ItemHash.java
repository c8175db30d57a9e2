package dev.gavel.contract;

/** Field names of an item's hash: catalogue fields (query-api) and state fields (the bid script). */
public final class ItemHash {

    public static final String TITLE = "title";
    public static final String OPENS_AT_US = "opens_at_us";
    public static final String CLOSES_AT_US = "closes_at_us";
    public static final String CREATED_AT_US = "created_at_us";
    public static final String SEQ = "seq";
    public static final String LEAD_USER = "lead_user";
    public static final String LEAD_AMOUNT_CENTS = "lead_amount_cents";
    public static final String LEAD_SEQ = "lead_seq";
    public static final String LEAD_TS_US = "lead_ts_us";
    public static final String IMPRESSIONS = "impressions";

    private ItemHash() {
    }
}
