package dev.gavel.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * Proves, reading only nginx's public API once the load has stopped, that every acknowledged write of the fault
 * suite is kept exactly once and nothing refused was recorded: the bid lists, the certificates and their share
 * class, the statistics and the archive. Each violation names the write and the faults around it.
 */
final class FaultChecker {

    /** The archive and the derived views may lag; give them this long to catch up before judging. */
    private static final Duration CATCH_UP = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final FaultTimeline timeline;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> violations = new ArrayList<>();

    FaultChecker(int port, FaultTimeline timeline) {
        this.base = "http://127.0.0.1:" + port;
        this.timeline = timeline;
    }

    /**
     * @param catalogue items created (201) just before a kill, each with the fault that followed it
     * @param closing   items that closed while the faults ran, each with its expected winner
     */
    List<String> check(List<String> items, String shareClass, List<WriteRecord> writes, Map<String, String> catalogue,
                       Map<String, String> closing) throws InterruptedException {
        for (Map.Entry<String, String> created : catalogue.entrySet()) {
            if (getAllowing("/items/" + created.getKey(), status -> status == 404) == null) {
                violations.add("item " + created.getKey() + ", created (201) just before " + created.getValue()
                        + ", is gone (404)");
            }
        }
        awaitArchive(items, shareClass, closing.keySet());
        for (String item : items) {
            checkBids(item, of(writes, WriteRecord.Kind.BID, item));
            checkImpressions(item, of(writes, WriteRecord.Kind.IMPRESSION, item));
        }
        checkCertificates(shareClass, of(writes, WriteRecord.Kind.CERTIFICATE, shareClass));
        for (Map.Entry<String, String> item : closing.entrySet()) {
            checkClosed(item.getKey(), item.getValue());
        }
        return List.copyOf(violations);
    }

    /** A closed item's event: archived exactly once, under its one event id, with its winner. */
    private void checkClosed(String item, String winner) throws InterruptedException {
        List<JsonNode> events = all("/events?type=item_closed&item=" + item, "events");
        if (events.size() != 1) {
            violations.add("item " + item + " closed during the faults has " + events.size() + " item_closed events (exactly one "
                    + "expected): " + events);
            return;
        }
        JsonNode event = events.get(0);
        if (!("item_closed:" + item).equals(event.path("id").asText()) || !winner.equals(event.path("winner").asText())) {
            violations.add("item " + item + ": its item_closed event is not item_closed:" + item + " won by " + winner + ": " + event);
        }
    }

    /** Waits (bounded) until the archive holds an event for every record it derives from. */
    private void awaitArchive(List<String> items, String shareClass, Set<String> closing) throws InterruptedException {
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (Instant.now().isBefore(deadline)) {
            boolean caughtUp = archived("certificate", null)
                    .containsAll(numbered("certificate:" + shareClass + "-", all("/certificates?class=" + shareClass, "certificates").size()));
            for (String item : items) {
                int bidList = all("/items/" + item + "/bids", "bids").size();
                // Both the archive and the statistics lag the writes: caught up when each holds every write.
                caughtUp &= archived("bid", item).containsAll(numbered("bid:" + item + ":", bidList))
                        && statistics(item).path("bids").asLong() >= bidList
                        && archived("impression", item).equals(numbered("impression:" + item + ":", impressionsCounted(item)));
            }
            for (String item : closing) {
                caughtUp &= !archived("item_closed", item).isEmpty();
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    private Set<String> archived(String type, String item) throws InterruptedException {
        Set<String> ids = new HashSet<>();
        all("/events?type=" + type + (item == null ? "" : "&item=" + item), "events").forEach(event -> ids.add(event.path("id").asText()));
        return ids;
    }

    private static Set<String> numbered(String prefix, long count) {
        Set<String> ids = new HashSet<>();
        for (long n = 1; n <= count; n++) {
            ids.add(prefix + n);
        }
        return ids;
    }

    private void checkBids(String item, List<WriteRecord> writes) throws InterruptedException {
        List<JsonNode> bids = all("/items/" + item + "/bids", "bids");
        Map<String, WriteRecord> byBid = new HashMap<>();
        for (WriteRecord write : writes) {
            byBid.put(bidKey(write.user(), new BigDecimal(write.amount())), write);
        }
        Map<String, Integer> seen = new HashMap<>();
        Map<Long, WriteRecord> bySeq = new HashMap<>();
        for (int i = 0; i < bids.size(); i++) {
            JsonNode bid = bids.get(i);
            long seq = bid.path("seq").asLong();
            if (seq != i + 1) {
                violations.add("item " + item + ": bid list position " + (i + 1) + " has seq " + seq + " (gap or repeat): " + bid);
            }
            String key = bidKey(bid.path("user").asText(), bid.path("amount").decimalValue());
            seen.merge(key, 1, Integer::sum);
            WriteRecord write = byBid.get(key);
            if (write == null) {
                violations.add("item " + item + ": bid " + bid + " matches no write the suite sent");
                continue;
            }
            bySeq.put(seq, write);
            if (write.outcome() == WriteRecord.Outcome.FAILED) {
                violations.add("a definitely failed write was recorded as seq " + seq + ": " + write.describe() + "; " + near(write));
            }
            if (write.outcome() == WriteRecord.Outcome.OK && write.acknowledged().path("seq").asLong() != seq) {
                violations.add("acknowledged with seq " + write.acknowledged().path("seq") + " but listed as seq " + seq
                        + ": " + write.describe() + "; " + near(write));
            }
        }
        for (WriteRecord write : writes) {
            int count = seen.getOrDefault(bidKey(write.user(), new BigDecimal(write.amount())), 0);
            if (count > 1) {
                violations.add("recorded " + count + " times: " + write.describe() + "; " + near(write));
            } else if (count == 0 && write.outcome() == WriteRecord.Outcome.OK) {
                violations.add("acknowledged bid missing from the bid list of " + item + ": " + write.describe() + "; " + near(write));
            }
        }
        long counted = statistics(item).path("bids").asLong();
        if (counted != bids.size()) {
            violations.add("item " + item + ": statistics count " + counted + " bids, the bid list holds " + bids.size());
        }
        checkArchive("bid", item, bids.size(), "bid:" + item + ":", seq -> describeSeq(bySeq.get(seq)));
    }

    private void checkImpressions(String item, List<WriteRecord> writes) throws InterruptedException {
        long ok = writes.stream().filter(w -> w.outcome() == WriteRecord.Outcome.OK).count();
        long unknown = writes.stream().filter(w -> w.outcome() == WriteRecord.Outcome.UNKNOWN).count();
        long counted = impressionsCounted(item);
        if (counted < ok || counted > ok + unknown) {
            violations.add("item " + item + ": statistics count " + counted + " impressions; the suite had " + ok
                    + " acknowledged and " + unknown + " of unknown outcome, so it must be within [" + ok + ", " + (ok + unknown)
                    + "]; " + refusedAround(writes));
        }
        checkArchive("impression", item, counted, "impression:" + item + ":", n -> "");
    }

    private void checkCertificates(String shareClass, List<WriteRecord> writes) throws InterruptedException {
        List<JsonNode> certificates = all("/certificates?class=" + shareClass, "certificates");
        Map<String, WriteRecord> byStakeholder = new HashMap<>();
        writes.forEach(write -> byStakeholder.put(write.stakeholder(), write));
        Map<String, Integer> seen = new HashMap<>();
        Map<Long, WriteRecord> byNumber = new HashMap<>();
        long shares = 0;
        for (int i = 0; i < certificates.size(); i++) {
            JsonNode certificate = certificates.get(i);
            String certId = certificate.path("cert_id").asText();
            shares += certificate.path("amount").asLong();
            if (!certId.equals(shareClass + "-" + (i + 1))) {
                violations.add("class " + shareClass + ": position " + (i + 1) + " holds " + certId + " (gap or repeat): " + certificate);
            }
            String stakeholder = certificate.path("stakeholder").asText();
            seen.merge(stakeholder, 1, Integer::sum);
            WriteRecord write = byStakeholder.get(stakeholder);
            if (write == null) {
                violations.add("certificate " + certificate + " matches no grant the suite sent");
                continue;
            }
            byNumber.put((long) i + 1, write);
            if (write.outcome() == WriteRecord.Outcome.FAILED) {
                violations.add("a definitely failed grant was recorded as " + certId + ": " + write.describe() + "; " + near(write));
            }
            if (!write.amount().equals(certificate.path("amount").asText())) {
                violations.add(certId + " holds " + certificate.path("amount") + " shares: " + write.describe());
            }
            if (write.outcome() == WriteRecord.Outcome.OK && !write.acknowledged().path("cert_id").asText().equals(certId)) {
                violations.add("acknowledged as " + write.acknowledged().path("cert_id") + " but stored as " + certId + ": "
                        + write.describe() + "; " + near(write));
            }
        }
        for (WriteRecord write : writes) {
            int count = seen.getOrDefault(write.stakeholder(), 0);
            if (count > 1) {
                violations.add("granted " + count + " times: " + write.describe() + "; " + near(write));
            } else if (count == 0 && write.outcome() == WriteRecord.Outcome.OK) {
                violations.add("acknowledged certificate " + write.acknowledged().path("cert_id") + " is missing: "
                        + write.describe() + "; " + near(write));
            }
        }
        JsonNode counts = get("/share-classes/" + shareClass);
        if (counts.path("issued").asLong() != shares || counts.path("certificates").asLong() != certificates.size()) {
            violations.add("share class " + counts + " disagrees with its " + certificates.size() + " certificates of "
                    + shares + " shares in all");
        }
        checkArchive("certificate", null, certificates.size(), "certificate:" + shareClass + "-", n -> describeSeq(byNumber.get(n)));
    }

    /**
     * The archive of one type (and item) must hold exactly the ids prefix1..prefixN, each once. Without an item (the
     * certificates, which the archive lists for every share class together) only this check's own ids count: the
     * cluster's fault tests share a stack, and another test's share class is not this one's to judge.
     */
    private void checkArchive(String type, String item, long expected, String prefix, LongFunction<String> who)
            throws InterruptedException {
        List<JsonNode> events = all("/events?type=" + type + (item == null ? "" : "&item=" + item), "events");
        Set<String> ids = new HashSet<>();
        for (JsonNode event : events) {
            String id = event.path("id").asText();
            if (item == null && !id.startsWith(prefix)) {
                continue;
            }
            if (!ids.add(id)) {
                violations.add("archive holds event " + id + " twice");
            } else if (!id.startsWith(prefix) || !isNumberUpTo(id.substring(prefix.length()), expected)) {
                violations.add("archive holds " + type + " event " + id + " that its source (1.." + expected + ") does not");
            }
        }
        for (long n = 1; n <= expected; n++) {
            if (!ids.contains(prefix + n)) {
                violations.add("archive lost event " + prefix + n + " (still missing " + CATCH_UP.toSeconds() + " s after the load)"
                        + who.apply(n));
            }
        }
    }

    private String describeSeq(WriteRecord write) {
        return write == null ? "" : ": " + write.describe() + "; " + near(write);
    }

    private String near(WriteRecord write) {
        return timeline.around(write.start(), write.end());
    }

    private String refusedAround(List<WriteRecord> writes) {
        List<String> notable = new ArrayList<>();
        for (WriteRecord write : writes) {
            if (write.outcome() != WriteRecord.Outcome.OK || !write.answers().matches("\\d+")) {
                notable.add(write.describe());
            }
        }
        return "the writes that were not answered 2xx at once: " + (notable.isEmpty() ? "none" : String.join(" | ", notable));
    }

    private long impressionsCounted(String item) throws InterruptedException {
        return statistics(item).path("impressions").asLong();
    }

    /** Statistics of an item; an item nothing was counted for is 404, which is zero here. */
    private JsonNode statistics(String item) throws InterruptedException {
        JsonNode stats = getAllowing("/statistics?item=" + item, status -> status == 404);
        return stats == null ? JSON.createObjectNode() : stats;
    }

    private static boolean isNumberUpTo(String text, long max) {
        try {
            long n = Long.parseLong(text);
            return n >= 1 && n <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String bidKey(String user, BigDecimal amount) {
        return user + " " + amount.stripTrailingZeros().toPlainString();
    }

    private static List<WriteRecord> of(List<WriteRecord> writes, WriteRecord.Kind kind, String target) {
        return writes.stream().filter(w -> w.kind() == kind && w.target().equals(target)).toList();
    }

    /** Every element of a paginated list, following {@code next}. */
    private List<JsonNode> all(String path, String field) throws InterruptedException {
        List<JsonNode> elements = new ArrayList<>();
        String separator = path.contains("?") ? "&" : "?";
        String cursor = null;
        do {
            JsonNode page = get(path + separator + "limit=1000"
                    + (cursor == null ? "" : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            page.path(field).forEach(elements::add);
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return elements;
    }

    private JsonNode get(String path) throws InterruptedException {
        return getAllowing(path, status -> false);
    }

    /**
     * A 200's body, or null for a status {@code absent} accepts; retries (bounded) on anything else, since the
     * stack has just been through its faults.
     */
    private JsonNode getAllowing(String path, Predicate<Integer> absent) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        String last = "";
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body());
                }
                if (absent.test(response.statusCode())) {
                    return null;
                }
                last = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("GET " + path + " kept failing after the faults: " + last);
            }
            Thread.sleep(500);
        }
    }
}
