package dev.gavel.bench.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The report's per-stage breakdown of a request's time at 20 clients (issue 12, "Latency at low
 * concurrency"): the client's mean, nginx's share, the time outside the acceptor, the acceptor from arrival
 * to answer, its Redis round trips, Redis's time inside the script and the rest of the round trip. Every
 * figure is a mean over the measured window, so the stages subtract; percentiles do not.
 */
final class LatencyStages {

    /** The scenarios whose windows are read, in the report's order. */
    static final List<String> SCENARIOS = List.of("ref-script-c20", "bids-direct-c20", "bids-nginx-c20", "ref-nginx-set-c20",
            "ref-nginx-ab", "certificates-ab");
    /** How many requests each scenario keeps in flight (wrk's connections, ab's -c). */
    static final Map<String, Integer> CONCURRENCY = Map.of("ref-script-c20", Catalogue.LOW_CONNECTIONS,
            "bids-direct-c20", Catalogue.LOW_CONNECTIONS, "bids-nginx-c20", Catalogue.LOW_CONNECTIONS,
            "ref-nginx-set-c20", Catalogue.LOW_CONNECTIONS, "ref-nginx-ab", Catalogue.AB_CERT_CONCURRENCY,
            "certificates-ab", Catalogue.AB_CERT_CONCURRENCY);
    /** A scenario through nginx and the same load straight to the acceptor: the difference of their means is nginx's share. */
    static final Map<String, String> WITHOUT_NGINX = Map.of("bids-nginx-c20", "bids-direct-c20");
    private static final String NOTE_PREFIX = "stages-";

    /** One row, in microseconds; empty where the stage does not apply (no acceptor, no nginx pair, no script). */
    record Row(String scenario, double clientMeanUs, long clientP50Us, long clientP99Us, OptionalDouble nginxUs,
               OptionalDouble outsideAcceptorUs, OptionalDouble acceptorUs, OptionalDouble acceptorOwnUs,
               OptionalDouble roundTripUs, double roundTripsPerRequest, OptionalDouble scriptUs, double scriptCallsPerRequest,
               OptionalDouble restUs) {
    }

    private LatencyStages() {
    }

    static boolean applies(String scenario) {
        return SCENARIOS.contains(scenario);
    }

    static String noteKey(String scenario) {
        return NOTE_PREFIX + scenario;
    }

    /**
     * The client's mean latency by Little's law: each of the scenario's connections always has one request in
     * flight, so the mean is connections x seconds / requests. That is also what ab prints as its mean "time
     * per request". wrk's own mean and percentiles are not used for it: wrk 4 corrects its histogram for
     * coordinated omission (it adds the requests a stalled connection would have sent), so its mean is not the
     * mean of the requests the servers answered and does not subtract from the servers' figures.
     */
    static OptionalDouble clientMeanUs(String scenario, LoadResult load) {
        Integer concurrency = CONCURRENCY.get(scenario);
        if (concurrency == null || load.requests() <= 0 || load.seconds() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(concurrency * load.seconds() * 1e6 / load.requests());
    }

    /** A row for every scenario of {@link #SCENARIOS} that ran. */
    static List<Row> rows(Results results, Notes notes) {
        List<Row> rows = new ArrayList<>();
        for (String name : SCENARIOS) {
            Optional<LoadResult> load = results.load(name);
            if (load.isEmpty() || clientMeanUs(name, load.get()).isEmpty()) {
                continue;
            }
            Optional<StageWindow> window = notes.get(noteKey(name)).flatMap(StageWindow::fromNote);
            rows.add(row(name, load.get(), window, nginxShare(results, name)));
        }
        return rows;
    }

    /** The mean through nginx less the mean of the same load straight to the acceptor. */
    private static OptionalDouble nginxShare(Results results, String name) {
        String direct = WITHOUT_NGINX.get(name);
        if (direct == null) {
            return OptionalDouble.empty();
        }
        OptionalDouble with = results.load(name).map(l -> clientMeanUs(name, l)).orElse(OptionalDouble.empty());
        OptionalDouble without = results.load(direct).map(l -> clientMeanUs(direct, l)).orElse(OptionalDouble.empty());
        return with.isPresent() && without.isPresent() ? OptionalDouble.of(with.getAsDouble() - without.getAsDouble())
                : OptionalDouble.empty();
    }

    static Row row(String name, LoadResult load, Optional<StageWindow> window, OptionalDouble nginx) {
        double client = clientMeanUs(name, load).orElseThrow();
        OptionalDouble none = OptionalDouble.empty();
        if (window.isEmpty()) {
            return new Row(name, client, load.p50Us(), load.p99Us(), nginx, none, none, none, none, 0, none, 0, none);
        }
        StageWindow w = window.get();
        OptionalDouble script = w.script().calls() > 0 ? OptionalDouble.of(w.scriptUsPerCall()) : none;
        if (!w.hasAcceptor()) {
            // A bare reference server: all that is not the script is the server, loopback, and the AOF write and fsync.
            double perRequest = load.requests() > 0 ? (double) w.script().calls() / load.requests() : 0;
            OptionalDouble rest = script.isPresent() ? OptionalDouble.of(client - script.getAsDouble()) : none;
            return new Row(name, client, load.p50Us(), load.p99Us(), nginx, none, none, none, none, 0, script, perRequest, rest);
        }
        double acceptor = w.acceptor().meanUs();
        double roundTrip = w.redisRoundTrip().meanUs();
        double trips = w.roundTripsPerRequest();
        OptionalDouble outside = OptionalDouble.of(client - nginx.orElse(0) - acceptor);
        OptionalDouble own = OptionalDouble.of(acceptor - roundTrip * trips);
        OptionalDouble rest = script.isPresent() ? OptionalDouble.of(roundTrip - script.getAsDouble()) : none;
        return new Row(name, client, load.p50Us(), load.p99Us(), nginx, outside, OptionalDouble.of(acceptor), own,
                OptionalDouble.of(roundTrip), trips, script, (double) w.script().calls() / w.acceptor().count(), rest);
    }

    /** The report's section; empty when no scenario of the breakdown ran. */
    static String markdown(Results results, Notes notes) {
        List<Row> rows = rows(results, notes);
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### Where a request's milliseconds go (20 clients)\n\n");
        md.append("Means over the measured window, in ms: the client's (20 connections x seconds / requests, Little's law, which is"
                + " also ab's \"time per request\"; wrk's own mean is corrected for coordinated omission and is not used), then what"
                + " the servers measured of the same requests; p50 / p99 are the generator's. `nginx` is the mean through nginx less the mean of the same load straight to"
                + " the acceptor; `outside the acceptor` is the client's mean less nginx's share and the acceptor's time (loopback,"
                + " the client, and the wait before the acceptor's event loop reads the request); `acceptor` is arrival to answer"
                + " (`gavel_http_request_duration_seconds` of the route); `not waiting for Redis` is that less its Redis round"
                + " trips; `round trip` is one Redis call as the acceptor timed it (`gavel_redis_command_duration_seconds`);"
                + " `script` is Redis's own time inside one EVALSHA (INFO commandstats; with the archive on the processor's"
                + " derive scripts are EVALSHAs too, so `calls/req` above 1 means the mean mixes them in); `rest` is the round trip"
                + " less the script: the wait in Redis's queue, the AOF write and its fsync (`appendfsync always`), both"
                + " loopback hops and the acceptor's event loop picking the reply up. For a bare reference server `rest` is the"
                + " client's mean less the script.\n\n");
        md.append("| scenario | client mean | p50 / p99 | nginx | outside the acceptor | acceptor | not waiting for Redis"
                + " | round trip (calls/req) | script (calls/req) | rest |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append("| ").append(r.scenario()).append(" | ").append(ms(r.clientMeanUs())).append(" | ")
                    .append(Fmt.ms(r.clientP50Us())).append(" / ").append(Fmt.ms(r.clientP99Us())).append(" | ")
                    .append(ms(r.nginxUs())).append(" | ").append(ms(r.outsideAcceptorUs())).append(" | ")
                    .append(ms(r.acceptorUs())).append(" | ").append(ms(r.acceptorOwnUs())).append(" | ")
                    .append(ms(r.roundTripUs())).append(r.roundTripUs().isPresent() ? perRequest(r.roundTripsPerRequest()) : "")
                    .append(" | ").append(ms(r.scriptUs())).append(r.scriptUs().isPresent() ? perRequest(r.scriptCallsPerRequest()) : "")
                    .append(" | ").append(ms(r.restUs())).append(" |\n");
        }
        md.append('\n');
        return md.toString();
    }

    private static String perRequest(double calls) {
        return String.format(Locale.ROOT, " (%.2f)", calls);
    }

    private static String ms(double us) {
        return String.format(Locale.ROOT, "%.2f", us / 1000.0);
    }

    private static String ms(OptionalDouble us) {
        return us.isPresent() ? ms(us.getAsDouble()) : Fmt.NONE;
    }
}
