package dev.gavel.contract;

/** Field names of the credential mirror {@code gavel:user:<username>}: query-api writes it, the acceptor reads it. */
public final class UserHash {

    public static final String ID = "id";
    public static final String HASH = "hash";
    public static final String ROLES = "roles";
    public static final String VERSION = "ver";
    public static final String CREATED_AT_US = "created_at_us";

    private UserHash() {
    }
}
