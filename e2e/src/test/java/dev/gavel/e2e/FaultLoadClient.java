package dev.gavel.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * One client of the fault suite: it sends bids, impressions and certificate grants through nginx until told to
 * stop, each logical write with an Idempotency-Key of its own, and retries it with the same key on every answer
 * that does not settle it (503, 504, other 5xx, a reset, a timeout) until a definite answer or its patience runs
 * out. Every answer that the contract does not allow for is noted as a protocol finding.
 */
final class FaultLoadClient implements Callable<FaultLoadClient.Result> {

    /** How long one logical write keeps retrying: longer than a component's restart on a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);
    private static final Duration PACE = Duration.ofMillis(40);
    /** The acceptor and this test read the same clock; this only absorbs rounding to microseconds. */
    private static final Duration CLOCK_SLACK = Duration.ofMillis(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(List<WriteRecord> writes, List<Finding> protocolFindings) {
    }

    /** An answer the contract does not allow, with the moment it came. */
    record Finding(Instant at, String text) {
    }

    /** A write to send: its route and body, and the record fields that identify it afterwards. */
    private record Request(WriteRecord.Kind kind, String method, String path, String body, String authorization,
                           String target, String user, String amount, String stakeholder) {
    }

    private record Attempt(Instant sent, Instant answered, int status, String body, String error) {

        boolean success() {
            return status >= 200 && status < 300;
        }

        /** A 4xx settles a write: with the same key a recorded write would have answered its first 2xx again. */
        boolean definiteRefusal() {
            return status >= 400 && status < 500;
        }

        /** 503 claims "not recorded"; the checker holds the stack to that. */
        boolean notRecorded() {
            return status == 503;
        }

        String label() {
            return error != null ? error : Integer.toString(status);
        }
    }

    private final int index;
    private final String base;
    private final List<String> items;
    private final String shareClass;
    private final String bidder;
    private final String bidderToken;
    private final String issuerToken;
    private final int maxWrites;
    private final BooleanSupplier running;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    FaultLoadClient(int index, int port, List<String> items, String shareClass, String bidder, String bidderToken,
                    String issuerToken, int maxWrites, BooleanSupplier running) {
        this.index = index;
        this.base = "http://127.0.0.1:" + port;
        this.items = List.copyOf(items);
        this.shareClass = shareClass;
        this.bidder = bidder;
        this.bidderToken = bidderToken;
        this.issuerToken = issuerToken;
        this.maxWrites = maxWrites;
        this.running = running;
    }

    @Override
    public Result call() throws InterruptedException {
        List<WriteRecord> writes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (int n = 1; n <= maxWrites && running.getAsBoolean(); n++) {
            writes.add(send(next(n), "fault-" + index + "-" + n, findings));
            Thread.sleep(PACE.toMillis());
        }
        return new Result(writes, findings);
    }

    /** Half bids, a third impressions, the rest certificate grants, spread over the items. */
    private Request next(int n) {
        String item = items.get((n + index) % items.size());
        int kind = n % 6;
        if (kind < 3) {
            // Unique per item and client: the bid can be told apart from every other in the bid list.
            String amount = BigDecimal.valueOf(index * 1_000_000L + n, 2).toPlainString();
            return new Request(WriteRecord.Kind.BID, "PUT", "/items/" + item + "/bids", "{\"amount\": \"" + amount + "\"}",
                    bidderToken, item, bidder, amount, null);
        }
        if (kind < 5) {
            return new Request(WriteRecord.Kind.IMPRESSION, "POST", "/items/" + item + "/impressions", null,
                    bidderToken, item, bidder, null, null);
        }
        String stakeholder = "Fault client " + index + " grant " + n;
        String shares = Integer.toString(1 + n % 9);
        return new Request(WriteRecord.Kind.CERTIFICATE, "POST", "/certificates",
                "{\"name\": \"" + stakeholder + "\", \"amount\": " + shares + ", \"class\": \"" + shareClass + "\"}",
                issuerToken, shareClass, null, shares, stakeholder);
    }

    private WriteRecord send(Request request, String key, List<Finding> findings) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(PATIENCE);
        List<String> answers = new ArrayList<>();
        boolean ambiguous = false;
        List<Attempt> attempts = new ArrayList<>();
        Attempt attempt;
        while (true) {
            attempt = attempt(request, key);
            attempts.add(attempt);
            answers.add(attempt.label());
            String finding = outsideContract(attempt);
            if (finding != null) {
                findings.add(new Finding(Instant.now(), key + " (" + request.kind() + " " + request.path() + "): " + finding));
            }
            if (attempt.success() || attempt.definiteRefusal()) {
                break;
            }
            ambiguous |= !attempt.notRecorded();
            if (Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(RETRY_PAUSE.toMillis());
        }
        if (attempt.success()) {
            String lie = recordedDespiteRefusal(request, attempts, parse(attempt.body()));
            if (lie != null) {
                findings.add(new Finding(Instant.now(), key + " (" + request.kind() + " " + request.path() + "): " + lie));
            }
        }
        WriteRecord.Outcome outcome = attempt.success() ? WriteRecord.Outcome.OK
                : attempt.definiteRefusal() || !ambiguous ? WriteRecord.Outcome.FAILED : WriteRecord.Outcome.UNKNOWN;
        return new WriteRecord(request.kind(), index, key, request.target(), request.user(), request.amount(),
                request.stakeholder(), start, Instant.now(), outcome, String.join(",", answers),
                attempt.success() ? parse(attempt.body()) : null);
    }

    /**
     * A bid's {@code ts} and a certificate's {@code issued_at} are taken when the request reaches the acceptor, so
     * they fall inside the window of the attempt that recorded the write, even when a retry's 2xx replays it. When
     * that attempt was answered 503 "not recorded", the 503 was wrong: a client without a key would write twice.
     */
    private static String recordedDespiteRefusal(Request request, List<Attempt> attempts, JsonNode acknowledged) {
        String field = request.kind() == WriteRecord.Kind.BID ? "ts" : "issued_at";
        if (attempts.size() < 2 || acknowledged == null || !acknowledged.path(field).isTextual()) {
            return null;
        }
        Instant recorded = Instant.parse(acknowledged.path(field).asText());
        for (Attempt earlier : attempts.subList(0, attempts.size() - 1)) {
            boolean recordedByIt = !recorded.isBefore(earlier.sent().minus(CLOCK_SLACK))
                    && !recorded.isAfter(earlier.answered().plus(CLOCK_SLACK));
            if (recordedByIt && earlier.notRecorded()) {
                return "answered 503 at " + earlier.answered() + " (sent " + earlier.sent() + "), yet that attempt recorded the"
                        + " write: a retry with the same key replayed " + field + " " + recorded + "; 503 body: " + earlier.body().strip();
            }
        }
        return null;
    }

    private Attempt attempt(Request request, String key) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.path()))
                .timeout(ATTEMPT_TIMEOUT)
                .header("Idempotency-Key", key)
                .header("Authorization", request.authorization())
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        Instant sent = Instant.now();
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Attempt(sent, Instant.now(), response.statusCode(), response.body(), null);
        } catch (IOException e) {
            return new Attempt(sent, Instant.now(), 0, null, e.getClass().getSimpleName());
        }
    }

    /**
     * What the contract does not allow here: our writes are all valid, so the only answers it permits are a 2xx,
     * 503 "unavailable", 504 "outcome_unknown" (both as its error JSON), or no answer at all.
     */
    private static String outsideContract(Attempt attempt) {
        if (attempt.error() != null || attempt.success()) {
            return null;
        }
        JsonNode body = parse(attempt.body());
        String code = body == null ? null : body.path("error").asText(null);
        if (attempt.status() == 503 && "unavailable".equals(code) || attempt.status() == 504 && "outcome_unknown".equals(code)) {
            return null;
        }
        String text = attempt.body() == null ? "" : attempt.body().replaceAll("\\s+", " ");
        return "HTTP " + attempt.status() + " " + text.substring(0, Math.min(160, text.length()));
    }

    private static JsonNode parse(String body) {
        if (body == null) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
