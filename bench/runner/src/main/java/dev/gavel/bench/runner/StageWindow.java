package dev.gavel.bench.runner;

import dev.gavel.bench.runner.PrometheusTotals.Total;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the servers themselves measured of a request's time over one measured window: the acceptor's
 * time from arrival to answer on its busiest route, its Redis round trips, and Redis's own time inside
 * the write scripts. Each is a mean over the window (sum and count deltas), so the stages of a request can
 * be subtracted from one another and from the client's mean. Kept in the run's notes as one line, so the
 * report is rendered again from the raw files alone.
 */
record StageWindow(String route, Total acceptor, Total redisRoundTrip, RedisWork.Command script) {

    /** The acceptor's histograms (Micrometer's Prometheus names of gavel.http.request.duration and gavel.redis.command.duration). */
    static final String HTTP_FAMILY = "gavel_http_request_duration_seconds";
    static final String REDIS_FAMILY = "gavel_redis_command_duration_seconds";
    /** The commands that run the write scripts (INFO commandstats names). */
    static final Set<String> SCRIPT_COMMANDS = Set.of("evalsha", "evalsha_ro");
    private static final Set<String> NOTE_FIELDS = Set.of("acceptor_s", "acceptor_n", "rtt_s", "rtt_n", "script_us", "script_calls");

    /** The counters at one moment: the acceptor's histograms (none for a bare reference server) and Redis's script time. */
    record Snapshot(Map<String, Total> http, Total redis, RedisWork.Command script) {

        static Snapshot of(String exposition, Map<String, RedisWork.Command> commands) {
            long calls = 0;
            long usec = 0;
            for (String name : SCRIPT_COMMANDS) {
                RedisWork.Command c = commands.getOrDefault(name, new RedisWork.Command(0, 0));
                calls += c.calls();
                usec += c.usec();
            }
            return new Snapshot(PrometheusTotals.read(exposition, HTTP_FAMILY),
                    PrometheusTotals.read(exposition, REDIS_FAMILY).getOrDefault("", Total.NONE), new RedisWork.Command(calls, usec));
        }
    }

    /**
     * The window between two snapshots. The route is the one that answered most requests in it: the
     * scenario's own (the two scrapes of /metrics count too, once each).
     */
    static StageWindow between(Snapshot before, Snapshot after) {
        String route = "";
        Total busiest = Total.NONE;
        for (Map.Entry<String, Total> e : after.http().entrySet()) {
            Total delta = e.getValue().minus(before.http().getOrDefault(e.getKey(), Total.NONE));
            if (delta.count() > busiest.count()) {
                busiest = delta;
                route = PrometheusTotals.label(e.getKey(), "route");
            }
        }
        RedisWork.Command script = new RedisWork.Command(after.script().calls() - before.script().calls(),
                after.script().usec() - before.script().usec());
        return new StageWindow(route, busiest, after.redis().minus(before.redis()), script);
    }

    /** Whether the acceptor's meters were read (not for a bare reference server). */
    boolean hasAcceptor() {
        return acceptor.count() > 0;
    }

    /** Redis's mean time inside one script call, in microseconds (0 without calls). */
    double scriptUsPerCall() {
        return script.calls() <= 0 ? 0 : (double) script.usec() / script.calls();
    }

    /** The acceptor's Redis round trips per answered request. */
    double roundTripsPerRequest() {
        return acceptor.count() <= 0 ? 0 : (double) redisRoundTrip.count() / acceptor.count();
    }

    /** The line kept in the notes. */
    String toNote() {
        return String.format(Locale.ROOT, "route=%s;acceptor_s=%.6f;acceptor_n=%d;rtt_s=%.6f;rtt_n=%d;script_us=%d;script_calls=%d",
                route, acceptor.sum(), acceptor.count(), redisRoundTrip.sum(), redisRoundTrip.count(), script.usec(), script.calls());
    }

    /** The window a note line holds; empty when the line is not one. */
    static Optional<StageWindow> fromNote(String note) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String pair : note.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                f.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        if (!f.keySet().containsAll(NOTE_FIELDS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StageWindow(f.getOrDefault("route", ""),
                    new Total(Double.parseDouble(f.get("acceptor_s")), Long.parseLong(f.get("acceptor_n"))),
                    new Total(Double.parseDouble(f.get("rtt_s")), Long.parseLong(f.get("rtt_n"))),
                    new RedisWork.Command(Long.parseLong(f.get("script_calls")), Long.parseLong(f.get("script_us")))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
