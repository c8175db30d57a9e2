package dev.gavel.query.certificate;

import dev.gavel.contract.Identifiers;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.paging.Page;
import dev.gavel.query.paging.Paging;
import dev.gavel.query.store.RedisStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates as the acceptor's certificate script records them: a class's list holds number n at
 * index n - 1 (numbers are gap-free, so the list is the number order), and a stakeholder's sorted
 * set holds the numbers of their certificates. The cursor is the last number of the page.
 */
@Singleton
public class CertificateReader {

    private static final Pattern CERT_ID = Pattern.compile("([A-Za-z0-9._-]{1,64})-([1-9][0-9]{0,15})");

    private final RedisStore redis;
    private final RedisKeys keys;
    private final JsonMapper json;

    public CertificateReader(RedisStore redis, RedisKeys keys, JsonMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    /** The certificate, empty for an id that is malformed or not issued. */
    public Optional<CertificateViews.Certificate> find(String certId) {
        Matcher id = certId == null ? null : CERT_ID.matcher(certId);
        if (id == null || !id.matches()) {
            return Optional.empty();
        }
        String code = id.group(1);
        long number = Long.parseLong(id.group(2));
        String entry = redis.sync().lindex(keys.certificates(code), number - 1);
        return entry == null ? Optional.empty() : Optional.of(parse(code, entry));
    }

    public CertificateViews.CertificatePage list(String code, String stakeholder, int limit, String after) {
        long afterNumber = after == null ? 0 : parseCursor(after);
        if (!Identifiers.isClassCode(code) || redis.sync().exists(keys.shareClass(code)) == 0) {
            throw ApiException.notFound("share class '" + code + "' was not found");
        }
        List<String> entries = stakeholder == null
                ? redis.sync().lrange(keys.certificates(code), afterNumber, afterNumber + Page.fetchSize(limit) - 1)
                : byStakeholder(code, stakeholder, afterNumber, limit);
        Page<CertificateViews.Certificate> page = Page.of(entries, limit).map(entry -> parse(code, entry));
        return new CertificateViews.CertificatePage(page.rows(), page.next(c -> Long.toString(c.number())));
    }

    private List<String> byStakeholder(String code, String stakeholder, long afterNumber, int limit) {
        List<String> numbers = redis.sync().zrangebyscore(keys.stakeholder(code, stakeholder),
                Range.from(Range.Boundary.excluding(afterNumber), Range.Boundary.unbounded()), Limit.create(0, Page.fetchSize(limit)));
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<String>> reads = new ArrayList<>(numbers.size());
        for (String number : numbers) {
            reads.add(async.lindex(keys.certificates(code), Long.parseLong(number) - 1));
        }
        List<String> entries = new ArrayList<>(reads.size());
        for (RedisFuture<String> read : reads) {
            entries.add(redis.await(read));
        }
        return entries;
    }

    /** An entry is a JSON object of strings: number, stakeholder, amount, user, ts_us, company. */
    private CertificateViews.Certificate parse(String code, String entry) {
        Map<String, String> fields;
        try {
            fields = json.readValue(entry, Argument.mapOf(String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException("malformed certificate entry in Redis for class " + code, e);
        }
        long number = Long.parseLong(fields.get("number"));
        return new CertificateViews.Certificate(code + "-" + number, fields.get("stakeholder"), fields.get("company"),
                code, Long.parseLong(fields.get("amount")), MicroTime.format(Long.parseLong(fields.get("ts_us"))), number,
                fields.get("user"));
    }

    private static long parseCursor(String after) {
        return Paging.positive(Paging.decode(after));
    }
}
