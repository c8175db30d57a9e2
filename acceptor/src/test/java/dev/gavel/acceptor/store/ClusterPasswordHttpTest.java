package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gavel.acceptor.support.ClusterProbe;
import dev.gavel.acceptor.support.ClusterStack;
import dev.gavel.acceptor.support.RunningAcceptor;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.testkit.RedisCluster;
import dev.gavel.testkit.RedisServer;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster with a password (as the compose cluster profile runs it): the password comes with the seed in
 * GAVEL_REDIS_URL, and the acceptor uses it for the primaries it learns of from CLUSTER SLOTS too.
 */
class ClusterPasswordHttpTest {

    private static final String PASSWORD = "s3cret-pw";

    @Test
    void shouldWriteOnEveryPrimaryWithThePasswordOfTheOneSeed() {
        try (RedisCluster cluster = RedisCluster.start(3, 0)) {
            // given: every node asks for the password; the acceptor is told of one node only
            for (RedisServer node : cluster.nodes()) {
                assertEquals("+OK", node.command("CONFIG", "SET", "requirepass", PASSWORD));
            }
            List<String> uris = cluster.nodes().stream()
                    .map(node -> "redis://:" + PASSWORD + "@127.0.0.1:" + node.port()).toList();
            String url = "redis-cluster://:" + PASSWORD + "@127.0.0.1:" + cluster.nodes().get(0).port();
            try (ClusterProbe probe = new ClusterProbe(uris); RunningAcceptor acceptor = RunningAcceptor.start(url)) {
                TestData.user(probe, "john", "12345", "1");
                List<String> items = ClusterStack.onEveryPrimary(probe, n -> "guarded-" + n, TestData.KEYS::item);
                assertEquals(3, items.size());
                items.forEach(item -> TestData.openItem(probe, TestData.KEYS.item(item)));

                for (String item : items) {
                    // when
                    HttpResponse<String> bid = acceptor.bid(item, "{\"amount\": 1}", TestData.basic("john", "12345"));

                    // then
                    assertEquals(201, bid.statusCode(), bid.body());
                }
                assertEquals(200, acceptor.get("/acceptor/health").statusCode());
            }
        }
    }
}
