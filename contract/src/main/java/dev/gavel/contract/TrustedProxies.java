package dev.gavel.contract;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The addresses (literal IPs or CIDR blocks, never host names: no DNS on a request's path) whose
 * X-Forwarded-For / X-Real-IP headers are believed (GAVEL_TRUSTED_PROXIES).
 */
public final class TrustedProxies {

    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    public static TrustedProxies parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("GAVEL_TRUSTED_PROXIES: '" + entry + "' is not an IP address or CIDR block");
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("GAVEL_TRUSTED_PROXIES: '" + entry + "' has a bad prefix length");
                }
            }
            blocks.add(new Block(address, bits));
        }
        return new TrustedProxies(blocks);
    }

    /**
     * The address as a literal IP (4 bytes, or 16 for IPv6; an IPv4-mapped IPv6 address is its IPv4 form),
     * or null when {@code text} is not one. Only text that can be nothing but a literal reaches
     * {@link InetAddress}: with a colon it parses IPv6 without any lookup, and a dotted quad is checked here.
     */
    public static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String candidate = text.trim();
        if (candidate.isEmpty() || candidate.length() > 45) {
            return null;
        }
        byte[] ipv4 = dottedQuad(candidate);
        if (ipv4 != null) {
            return ipv4;
        }
        if (candidate.indexOf(':') < 0 || !IPV6_CHARACTERS.matcher(candidate).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(candidate).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * A dotted quad's four bytes, or null: four parts of one to three digits, none above 255 and none with a
     * leading zero (which some parsers read as octal). Parsed by hand because every request through a proxy
     * passes its peer and each forwarded hop through here (a regular expression was 3 % of the acceptor's CPU).
     */
    static byte[] dottedQuad(String text) {
        byte[] address = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == address.length) {
                    return null;
                }
                address[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null;
                }
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == address.length ? address : null;
    }

    public boolean contains(byte[] address) {
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private record Block(byte[] prefix, int bits) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }
}
