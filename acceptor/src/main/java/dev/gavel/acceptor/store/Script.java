package dev.gavel.acceptor.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** A Lua script from {@code src/main/resources/lua}, read once, with the SHA1 Redis knows it by. */
public record Script(String name, String source, String sha1) {

    public Script {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sha1, "sha1");
    }

    public static final String BID = "bid";
    public static final String IMPRESSION = "impression";
    public static final String CERTIFICATE = "certificate";

    private static final String IDEMPOTENT = "idempotent";
    private static final String WRITE_MARKER = "\n--@write@\n";

    public static Script load(String name) {
        String source = read(name);
        return new Script(name, source, sha1Hex(source));
    }

    /**
     * This write script wrapped in lua/idempotent.lua: it takes one more key (the idempotency
     * record) and two more arguments (the request's fingerprint, the record's lifetime in seconds).
     */
    public Script idempotent() {
        String template = read(IDEMPOTENT);
        if (!template.contains(WRITE_MARKER)) {
            throw new IllegalStateException("lua/" + IDEMPOTENT + ".lua has no write marker line");
        }
        String wrapped = template.replace(WRITE_MARKER, "\n" + source + "\n");
        return new Script(name + "+" + IDEMPOTENT, wrapped, sha1Hex(wrapped));
    }

    private static String read(String name) {
        String resource = "/lua/" + name + ".lua";
        try (InputStream in = Script.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    private static String sha1Hex(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
