package dev.gavel.query.shareclass;

import dev.gavel.contract.Identifiers;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Texts;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.store.MirroredSave;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Creates share classes (MongoDB, then the Redis catalogue fields) and reads them with their live counters. */
@Singleton
public class ShareClassService {

    /** The acceptor's largest grant; with it every count stays an exact integer in Lua (below 2^53). */
    static final long MAX_AUTHORIZED = 1_000_000_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(ShareClassService.class);
    private static final Set<String> FIELDS = Set.of("code", "name", "authorized");

    private final ShareClassRepository classes;
    private final ShareClassState state;

    public ShareClassService(ShareClassRepository classes, ShareClassState state) {
        this.classes = classes;
        this.state = state;
    }

    public ShareClassViews.ShareClass create(Map<String, Object> body) {
        ShareClassDoc shareClass = validate(body);
        Optional<ShareClassDoc> existing = classes.findById(shareClass.id());
        if (existing.isPresent()) {
            mirrorAgain(existing.get());
            throw conflict(shareClass.id());
        }
        MirroredSave.create("share class", shareClass.id(), () -> classes.save(shareClass),
                () -> conflict(shareClass.id()), () -> state.mirror(shareClass),
                () -> classes.deleteById(shareClass.id()));
        return ShareClassViews.ShareClass.of(shareClass, new ShareClassState.Counters(0, 0));
    }

    /**
     * Writes an existing class's mirror again before answering 409: after a 504 whose MongoDB write did
     * land without its mirror, the client's retry makes the class usable at once (catalogue fields only).
     */
    private void mirrorAgain(ShareClassDoc shareClass) {
        try {
            state.mirror(shareClass);
        } catch (RuntimeException e) {
            LOG.warn("redis mirror of existing share class '{}' not written again: {}", shareClass.id(), e.getMessage());
        }
    }

        public Optional<ShareClassViews.ShareClass> find(String code) {
        if (!Identifiers.isClassCode(code)) {
            return Optional.empty();
        }
        return classes.findById(code).map(doc -> ShareClassViews.ShareClass.of(doc, state.counters(code)));
    }

    private static ShareClassDoc validate(Map<String, Object> body) {
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("unknown field '" + field + "'; the fields are code, name and authorized");
            }
        }
        if (!(body.get("code") instanceof String code) || !Identifiers.isClassCode(code)) {
            throw ApiException.badRequest("code is required and must match [A-Za-z0-9._-]{1,64}");
        }
        if (!(body.get("name") instanceof String name) || name.isBlank()
                || name.codePointCount(0, name.length()) > 200 || !Texts.isClean(name)) {
            throw ApiException.badRequest("name is required, 1 to 200 characters without control characters "
                    + "or unpaired UTF-16 surrogates");
        }
        return new ShareClassDoc(code, name, authorized(body.get("authorized")), MicroTime.nowMicros());
    }

    private static long authorized(Object value) {
        BigInteger shares = null;
        if (value instanceof Integer || value instanceof Long) {
            shares = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            shares = big;
        }
        if (shares == null || shares.signum() <= 0 || shares.compareTo(BigInteger.valueOf(MAX_AUTHORIZED)) > 0) {
            throw ApiException.badRequest("authorized must be a whole number of shares from 1 to " + MAX_AUTHORIZED);
        }
        return shares.longValueExact();
    }

    private static ApiException conflict(String code) {
        return ApiException.conflict("share class '" + code + "' exists");
    }
}
