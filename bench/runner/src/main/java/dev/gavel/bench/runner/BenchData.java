package dev.gavel.bench.runner;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The stack's data for the scenarios, created through its public API, and the checks made through it:
 * users bench-user-1..N (one password), items bench-item-1..M, the hot item, the items of bids-rules and
 * bids-rising, the share class BENCH;
 * warming each acceptor's credential cache; counting what the seed's ab run recorded.
 */
final class BenchData {

    static final String PASSWORD = "bench-password";
    static final String SHARE_CLASS = "BENCH";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SEQ = Pattern.compile("\"seq\":([0-9]+)");
    private static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]*)\"");
    private static final int MAX_PAGES = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String admin;

    /** {@code base}: the stack's nginx; {@code admin}: "admin:password". */
    BenchData(String base, String admin) {
        this.base = base;
        this.admin = admin;
    }

    /** Creates the users, the items and the hot item; fails unless every one answered 201. */
    void create(int users, int items) {
        Map<Integer, Integer> userCodes = parallel(users, i -> post("/users",
                "{\"username\": \"bench-user-" + i + "\", \"password\": \"" + PASSWORD + "\"}", null));
        Map<Integer, Integer> itemCodes = parallel(items, i -> post("/items",
                "{\"id\": \"bench-item-" + i + "\", \"title\": \"Bench lot " + i + "\"}", admin));
        if (userCodes.keySet().stream().anyMatch(c -> c != 201) || itemCodes.keySet().stream().anyMatch(c -> c != 201)) {
            throw new BenchFailure("creating data failed: users answered " + userCodes + ", items " + itemCodes
                    + " (HTTP status → count)");
        }
        int hot = post("/items", "{\"id\": \"bench-hot\", \"title\": \"The hot lot\"}", admin);
        if (hot != 201) {
            throw new BenchFailure("creating the hot item answered " + hot);
        }
        Map<Integer, Integer> ruleCodes = parallel(RulesLoad.ITEMS, i -> post("/items", "{\"id\": \"" + RulesLoad.ITEM_PREFIX + i
                + "\", \"title\": \"Bench lot with rules " + i + "\", \"rules\": " + RulesLoad.RULES + "}", admin));
        if (ruleCodes.keySet().stream().anyMatch(c -> c != 201)) {
            throw new BenchFailure("creating the items with rules failed: " + ruleCodes + " (HTTP status → count)");
        }
        Map<Integer, Integer> risingCodes = parallel(RulesLoad.ITEMS, i -> post("/items", "{\"id\": \"" + RulesLoad.RISING_ITEM_PREFIX
                + i + "\", \"title\": \"Bench lot without rules " + i + "\"}", admin));
        if (risingCodes.keySet().stream().anyMatch(c -> c != 201)) {
            throw new BenchFailure("creating the items of bids-rising failed: " + risingCodes + " (HTTP status → count)");
        }
    }

    /** Creates the share class of the certificates scenario; the HTTP status (201, or 409 when it is there). */
    int createShareClass() {
        return post("/share-classes", "{\"code\": \"" + SHARE_CLASS + "\", \"name\": \"Bench shares\", \"authorized\": 1000000000000}",
                admin);
    }

    /**
     * The acceptor checks a password against its slow hash (PBKDF2, about 0.5 s of CPU) once and then
     * caches it: one bid per bench user straight to an acceptor puts every credential in its cache, so
     * no measurement pays for the first checks.
     */
    void warmCredentials(int acceptorPort, int users) {
        String acceptor = "http://127.0.0.1:" + acceptorPort;
        parallel(users, i -> put(acceptor + "/items/bench-item-1/bids", "bench-user-" + i + ":" + PASSWORD));
        put(acceptor + "/items/bench-hot/bids", "john:12345");
        put(acceptor + "/items/bench-hot/bids", admin);
    }

    int post(String path, String body, String credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(authorized(request, credentials).build());
    }

    int get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build());
    }

    private int put(String url, String credentials) {
        return send(authorized(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.noBody()), credentials).build());
    }

    /** The seq of every bid of an item, paging through GET /items/{item}/bids 1000 at a time. */
    List<Long> seqs(String item) {
        List<Long> seqs = new ArrayList<>();
        Optional<String> after = Optional.empty();
        for (int page = 0; page < MAX_PAGES; page++) {
            String url = base + "/items/" + item + "/bids?limit=1000"
                    + after.map(a -> "&after=" + URLEncoder.encode(a, StandardCharsets.UTF_8)).orElse("");
            String body = fetch(url);
            Matcher seq = SEQ.matcher(body);
            while (seq.find()) {
                seqs.add(Long.parseLong(seq.group(1)));
            }
            Matcher next = NEXT.matcher(body);
            if (!next.find()) {
                break;
            }
            after = Optional.of(next.group(1));
        }
        return seqs;
    }

    /** "seq 1..N, no gap, no repeat" when the numbers are exactly 1..N, else what is wrong. */
    static String checkSeqs(List<Long> seqs) {
        long distinct = seqs.stream().distinct().count();
        long max = seqs.stream().mapToLong(Long::longValue).max().orElse(0);
        if (distinct == seqs.size() && max == seqs.size()) {
            return "seq 1.." + seqs.size() + ", no gap, no repeat";
        }
        return "seq check FAILED: " + seqs.size() + " bids, " + distinct + " distinct, highest " + (seqs.isEmpty() ? "none" : max);
    }

    private String fetch(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted", e);
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request, String credentials) {
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    /** The status, 0 when no answer came. */
    private int send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted", e);
        }
    }

    /** Runs {@code call} for 1..n, four at a time; HTTP status → how many answered it. */
    private static Map<Integer, Integer> parallel(int n, IntUnaryOperator call) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = IntStream.rangeClosed(1, n)
                    .mapToObj(i -> pool.submit(() -> call.applyAsInt(i))).toList();
            Map<Integer, Integer> counts = new TreeMap<>();
            for (Future<Integer> answer : answers) {
                counts.merge(answer.get(), 1, Integer::sum);
            }
            return counts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted", e);
        } catch (ExecutionException e) {
            throw new BenchFailure("creating data failed: " + e.getCause(), e);
        } finally {
            pool.shutdownNow();
        }
    }
}
