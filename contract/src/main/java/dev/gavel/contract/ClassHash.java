package dev.gavel.contract;

/** Field names of a share class's hash: catalogue fields (query-api) and counters (the certificate script). */
public final class ClassHash {

    public static final String NAME = "name";
    public static final String AUTHORIZED = "authorized";
    public static final String CREATED_AT_US = "created_at_us";
    public static final String CERTIFICATES = "certificates";
    public static final String ISSUED = "issued";

    private ClassHash() {
    }
}
