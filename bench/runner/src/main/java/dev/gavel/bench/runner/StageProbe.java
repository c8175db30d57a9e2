package dev.gavel.bench.runner;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads the counters of a {@link StageWindow.Snapshot}: the acceptor's /metrics on its own port (none for
 * a bare reference server) and INFO commandstats of the Redis the scenario writes to. A server that does not
 * answer gives no figures (the report shows "–"), never a failed run.
 */
final class StageProbe {

    private final MetricsPage metrics = new MetricsPage();
    private final OptionalInt acceptorPort;
    private final int redisPort;

    StageProbe(OptionalInt acceptorPort, int redisPort) {
        this.acceptorPort = acceptorPort;
        this.redisPort = redisPort;
    }

    StageWindow.Snapshot take() {
        String exposition = acceptorPort.isPresent() ? metrics.read(acceptorPort.getAsInt()) : "";
        Map<String, RedisWork.Command> commands = RedisWork.read(redisPort).map(RedisWork.Node::commands).orElse(Map.of());
        return StageWindow.Snapshot.of(exposition, commands);
    }
}
