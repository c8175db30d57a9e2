package dev.gavel.query.auth;

import io.netty.util.NetUtil;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses (literal IPs or CIDR blocks, never host names: no DNS on a request's path) whose
 * X-Forwarded-For / X-Real-IP headers are believed.
 */
final class TrustedProxies {

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    static TrustedProxies parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            byte[] address = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? entry : entry.substring(0, slash));
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

    /** The address as a literal IP, or null when {@code text} is not one. */
    static byte[] literal(String text) {
        return text == null || text.isEmpty() ? null : NetUtil.createByteArrayFromIpAddressString(text.trim());
    }

    boolean contains(byte[] address) {
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
