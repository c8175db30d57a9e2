package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GAVEL_REDIS_URL} given to {@code bin/gavel up}: the whole stack runs on that outside Redis and starts
 * none of its own, and {@code down} leaves the outside Redis alone. Every service JVM it starts runs with a class
 * data sharing archive (bin/gavel maps the one an earlier start wrote, or writes one as the JVM stops).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OutsideRedisEndToEndTest {

    private static final Pattern CDS_FLAG = Pattern.compile("-XX:(SharedArchiveFile|ArchiveClassesAtExit)=(\\S+)");

    @Test
    void shouldRunTheStackOnTheRedisThatGavelRedisUrlNamesAndStartNoneOfItsOwn() throws IOException {
        Map<String, Path> archives = Map.of();
        try (RedisServer outside = RedisServer.startFresh()) {
            Stack stack = Stack.prepare("-outside-redis",
                    Map.of("GAVEL_REDIS_URL", outside.uri(), "GAVEL_ADMIN_PASSWORD", "e2e-admin-secret"));
            try {
                // when
                String up = stack.gavel("up", 240);
                stack.gavel("demo", 60);
                Api.Reply bid = new Api(stack.port()).send("PUT", "/items/999/bids", "john:12345", null);

                // then
                assertTrue(up.contains("redis       outside: " + outside.uri() + " (none started)"), up);
                assertEquals(201, bid.status(), bid::toString);
                assertTrue(Long.parseLong(outside.command("DBSIZE").substring(1)) > 0, "the outside Redis holds the data");
                assertTrue(Files.notExists(stack.home().resolve("run").resolve("redis.pid")), up);
                assertTrue(Files.notExists(stack.home().resolve("redis")), up);
                assertTrue(Files.notExists(stack.home().resolve("redis-cluster")), up);
                assertTrue(List.of(stack.gavel("status", 30).split("\n")).stream().noneMatch(line -> line.startsWith("redis")));
                archives = classArchives(stack);
            } finally {
                stack.close();
            }

            // then: each JVM mapped the class archive of an earlier start, or wrote one as it stopped
            archives.forEach((service, archive) -> assertTrue(Files.isRegularFile(archive) && archive.toFile().length() > 0,
                    service + ": no class archive " + archive));

            // then: down stopped the stack, not the Redis it did not start
            assertEquals("+PONG", outside.command("PING"));
        }
    }

    /**
     * Service → the class data sharing archive its JVM runs with (bin/gavel's cds_opts): the one it maps, or the one
     * that the partial file it writes while stopping becomes once it has stopped.
     */
    private static Map<String, Path> classArchives(Stack stack) throws IOException {
        Map<String, Path> archives = new LinkedHashMap<>();
        for (String service : List.of("mongo", "query", "processor-1", "acceptor-1")) {
            String commandLine = Files.readString(Path.of("/proc", Long.toString(stack.pidOf(service)), "cmdline"))
                    .replace('\0', ' ');
            Matcher flag = CDS_FLAG.matcher(commandLine);
            assertTrue(flag.find(), service + " runs without a class archive: " + commandLine);
            String file = flag.group(2);
            archives.put(service, Path.of(flag.group(1).equals("SharedArchiveFile") ? file : file.replaceFirst("\\.jsa\\..*$", ".jsa")));
        }
        return archives;
    }
}
