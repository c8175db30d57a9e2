package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis ports the runner reads lags and rewrites from, as bin/gavel records them in GAVEL_HOME/run/ports. */
class StackTest {

    @TempDir
    Path home;

    @Test
    void shouldFindEveryClusterNodeButNotItsBusPort() throws IOException {
        // given the ports file of a stack on a local cluster (in bin/gavel's unsorted order; node 10 sorts after node 3)
        ports("nginx=18480\nredis-3=18483\nredis-1-bus=18484\nredis-10=18490\nredis-2=18482\nredis-3-bus=18486\n"
                + "redis-1=18481\nredis-2-bus=18485\nacceptor-1=18487\nquery=18488\nmongo=18489\n");

        // when / then: node order, bus ports left out
        assertEquals(List.of(18481, 18482, 18483, 18490), stack().redisPorts());
    }

    @Test
    void shouldFindTheOneRedisOfASingleRedisStack() throws IOException {
        ports("nginx=18480\nredis=18481\nmongo=18482\nquery=18483\nacceptor-1=18484\n");

        assertEquals(List.of(18481), stack().redisPorts());
    }

    @Test
    void shouldRefuseAStackWithNoRedisPort() throws IOException {
        // a stack on an outside Redis records none: nothing to read lags from
        ports("nginx=18480\nquery=18483\n");

        assertThrows(BenchFailure.class, () -> stack().redisPorts());
    }

    private void ports(String text) throws IOException {
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/ports"), text);
    }

    private Stack stack() {
        return new Stack(home, home, home.resolve("stack.log"), new Commands(Map.of()));
    }
}
