package dev.gavel.query.bid;

import java.util.Optional;

/**
 * One entry of an item's bids list ({@code gavel:{pN}:item:<item>:bids}, docs/redis-layout.md), in any of the
 * three shapes the bid script has written:
 * <ul>
 *   <li>{@code <seq>|<user>|<amount_cents>|<ts_us>}: a bid its user placed, before maximum bids existed;</li>
 *   <li>the same with {@code |auto} appended: a bid the system placed for the leader under a maximum bid;</li>
 *   <li>{@code <seq>|<user>|<amount_cents>|<ts_us>|<auto or empty>|<price_cents>|<leading 1 or 0>}: the current
 *       shape, with the item's price after the bid and whether its user leads after it, the values the bid's
 *       stream entry carries.</li>
 * </ul>
 * An older entry does not know its price or leading, so those are empty for it rather than guessed.
 * An entry never holds a ceiling.
 */
public record BidListEntry(long seq, String user, long amountCents, long tsUs, boolean auto,
                           Optional<Long> priceCents, Optional<Boolean> leading) {

    private static final String AUTO = "auto";

    /** Reads one entry; a shape the bid script never writes is a broken store, not a client error. */
    public static BidListEntry parse(String entry) {
        String[] parts = entry.split("\\|", -1);
        try {
            return switch (parts.length) {
                case 4 -> of(parts, false, Optional.empty(), Optional.empty());
                case 5 -> of(parts, automatic(parts[4], false, entry), Optional.empty(), Optional.empty());
                case 7 -> of(parts, automatic(parts[4], true, entry), Optional.of(Long.parseLong(parts[5])),
                        Optional.of(leads(parts[6], entry)));
                default -> throw malformed(entry);
            };
        } catch (NumberFormatException e) {
            throw malformed(entry);
        }
    }

    private static BidListEntry of(String[] parts, boolean auto, Optional<Long> price, Optional<Boolean> leading) {
        return new BidListEntry(Long.parseLong(parts[0]), parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]),
                auto, price, leading);
    }

    /** The fifth part: {@code auto}, or (in the current shape only) empty for a bid its user placed. */
    private static boolean automatic(String part, boolean emptyAllowed, String entry) {
        if (AUTO.equals(part)) {
            return true;
        }
        if (emptyAllowed && part.isEmpty()) {
            return false;
        }
        throw malformed(entry);
    }

    private static boolean leads(String part, String entry) {
        return switch (part) {
            case "1" -> true;
            case "0" -> false;
            default -> throw malformed(entry);
        };
    }

    private static IllegalStateException malformed(String entry) {
        return new IllegalStateException("malformed bid entry in Redis: " + entry);
    }
}
