package dev.gavel.bench.runner;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every scenario bench/run knows, in the order they run. */
final class Catalogue {

    static final int USERS = 50;
    static final int ITEMS = 200;
    static final int LOW_CONNECTIONS = 20;
    static final int AB_SEED_CONCURRENCY = 500;
    static final int AB_SEED_REQUESTS = 20_000;
    static final int AB_CERT_CONCURRENCY = 20;
    static final int AB_CERT_REQUESTS = 10_000;
    static final int ATTACK_CONNECTIONS = 64;
    static final int ATTACK_NAMES = 5000;
    /** Primaries of the local Redis Cluster of bids-cluster3's stack. */
    static final int CLUSTER_SHARDS = 3;

    static final List<Scenario> ALL = List.of(
            main("ref-set", null, "reference: bare Vert.x server, PUT answered after one Redis SET (AOF fsync always), direct"),
            main("ref-script", null, "reference: the bare server running the minimal durable bid script (HINCRBY seq, RPUSH the"
                    + " record, HSET the leader, XADD) on a Redis with AOF fsync always, direct"),
            main("bids-direct", "ref-set", "PUT /items/{item}/bids straight to one acceptor, " + ITEMS + " items x " + USERS
                    + " users, Basic auth"),
            secondary("bids-hot", "ref-set", "PUT bids straight to one acceptor, every bid on one hot item"),
            main("ref-nginx-204", null, "reference: nginx answering 204 by itself"),
            main("ref-nginx-set", null, "reference: nginx proxying to the bare Vert.x + SET server (Gavel's keepalive settings)"),
            main("bids-nginx", "ref-nginx-set", "PUT bids through nginx to one acceptor, " + ITEMS + " items x " + USERS + " users"),
            new Scenario("ref-script-c20", Optional.empty(), Scenario.Weight.SECONDARY, Optional.of(LOW_CONNECTIONS),
                    "reference: ref-script at " + LOW_CONNECTIONS + " connections (the latency floor of a durable bid script)"),
            new Scenario("bids-direct-c20", Optional.of("ref-script-c20"), Scenario.Weight.SECONDARY, Optional.of(LOW_CONNECTIONS),
                    "bids-direct at " + LOW_CONNECTIONS + " connections: with ref-script-c20 and the nginx pair, where a bid's"
                            + " milliseconds go at low concurrency"),
            new Scenario("ref-nginx-set-c20", Optional.empty(), Scenario.Weight.SECONDARY, Optional.of(LOW_CONNECTIONS),
                    "reference: ref-nginx-set at " + LOW_CONNECTIONS + " connections"),
            new Scenario("bids-nginx-c20", Optional.of("ref-nginx-set-c20"), Scenario.Weight.SECONDARY, Optional.of(LOW_CONNECTIONS),
                    "bids-nginx at " + LOW_CONNECTIONS + " connections (wrk -c" + LOW_CONNECTIONS + "): the latency at low concurrency"),
            secondary("bids-rising", "ref-nginx-set", "bids-rules' load without the rules: " + RulesLoad.ITEMS + " items without"
                    + " rules, each wrk thread bidding on its own items in turn, amounts rising by 1.00 from one bid on an item to"
                    + " the next, users taking turns as in bids-rules, no maximum bid, so every bid leads (the reference of"
                    + " issue 13's cost target)"),
            secondary("bids-rules", "bids-rising", "bids-nginx on " + RulesLoad.ITEMS + " items with an increment ladder,"
                    + " each wrk thread bidding on its own items in turn, amounts rising by 1.00 from one bid on an item to"
                    + " the next, maximum bids 0.50 above the amount from half the users (every other bid), so every bid is"
                    + " accepted and leads (issue 13: Redis CPU per bid within 1.2 x bids-rising's, the same load without"
                    + " the rules; bids-nginx's ratio and the share refused are reported too)"),
            secondary("reads-nginx", "ref-nginx-204", "GET /items/{item}/winner and /items/{item}/bids?limit=10 through nginx (query-api)"),
            secondary("certificates", "ref-nginx-set", "POST /certificates through nginx (one share class, issuer credentials)"),
            secondary("impressions", "ref-nginx-set", "POST /items/{item}/impressions through nginx with client context headers"),
            secondary("statistics", "ref-nginx-204", "GET /statistics?username={user} through nginx"),
            secondary("recent-items", "ref-nginx-204", "GET /users/{user}/recent-items through nginx"),
            main("ref-nginx-ab", null, "reference: the certificates-ab run (same ab, same body) against nginx -> bare Vert.x + SET server"),
            main("certificates-ab", "ref-nginx-ab", "Pulley's certificate load as the seed runs it: ab -n " + AB_CERT_REQUESTS + " -c "
                    + AB_CERT_CONCURRENCY + " -T application/json -p cs.data (class CS, admin credentials), no keep-alive,"
                    + " POST /certificates through nginx"),
            main("ab-seed", null, "the seed's load: ab -r -k -m PUT -A john:12345 -c " + AB_SEED_CONCURRENCY + " -n "
                    + AB_SEED_REQUESTS + " on item 999 through nginx"),
            main("bids-nginx-2acc", "ref-nginx-set", "PUT bids through nginx to two acceptors (GAVEL_ACCEPTORS=2)"),
            main("bids-attack", "bids-nginx", "bids-nginx while " + ATTACK_CONNECTIONS + " more connections send wrong passwords for "
                    + ATTACK_NAMES + " other names through nginx"),
            main("live-hot", null, LiveLoad.HOT_SUBSCRIBERS + " SSE subscribers (and " + LiveLoad.HOT_SLOW + " that never read) on"
                    + " the hot item's GET /items/" + LiveLoad.HOT_ITEM + "/live through nginx, where " + LiveLoad.HOT_PROBES_PER_SECOND
                    + " probe bids a second (--hot-rate) measure the delay from each 201 to each subscriber, while bids-nginx's wrk load runs"
                    + " unchanged through the same nginx (bench/live's tool; issue 15: p99 < 100 ms)"),
            main("live-spread", null, LiveLoad.SPREAD_SUBSCRIBERS + " SSE subscribers over " + LiveLoad.SPREAD_ITEMS + " items"
                    + " straight to the query-api instance's port, " + LiveLoad.SPREAD_PROBES_PER_SECOND + " probe bids a second through"
                    + " nginx (bench/live's tool; issue 15: p99 < 250 ms)"),
            // Last: its stack starts only once the main stack is stopped, so the two never share the cores.
            new Scenario("bids-cluster3", Optional.of("bids-nginx"), Scenario.Weight.MAIN, Optional.empty(),
                    "bids-nginx on a stack of its own whose Redis is a local Redis Cluster of " + CLUSTER_SHARDS
                            + " primaries (GAVEL_REDIS_SHARDS=" + CLUSTER_SHARDS + "), started after the main stack is stopped;"
                            + " its redis CPU is the " + CLUSTER_SHARDS + " nodes together", CLUSTER_SHARDS));

    private Catalogue() {
    }

    static Optional<Scenario> find(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The scenarios to run: the ones named, and the references they are divided by (a reference's own
     * reference too), in the catalogue's order; every scenario when none is named.
     */
    static List<Scenario> select(List<String> names) {
        if (names.isEmpty()) {
            return ALL;
        }
        Set<String> wanted = new LinkedHashSet<>(names);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Scenario s : ALL) {
                if (wanted.contains(s.name()) && s.reference().isPresent()) {
                    grew |= wanted.add(s.reference().get());
                }
            }
        }
        return ALL.stream().filter(s -> wanted.contains(s.name())).toList();
    }

    private static Scenario main(String name, String reference, String description) {
        return new Scenario(name, Optional.ofNullable(reference), Scenario.Weight.MAIN, Optional.empty(), description);
    }

    private static Scenario secondary(String name, String reference, String description) {
        return new Scenario(name, Optional.ofNullable(reference), Scenario.Weight.SECONDARY, Optional.empty(), description);
    }
}
