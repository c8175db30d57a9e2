package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs wrk (with bench/wrk/requests.lua, configured by BENCH_* variables) and ab against 127.0.0.1,
 * each bounded: wrk by its duration, ab by its request count, both by a deadline. A measured run goes
 * under GNU time when it is installed, so the generator's own CPU is reported as {@code loadgen}.
 */
final class LoadGenerator {

    /** The output of one run, and the CPU ticks the generator used (0 when unknown). */
    record Run(String output, long ticks) {
    }

    private static final Path GNU_TIME = Path.of("/usr/bin/time");
    private static final Duration AB_DEADLINE = Duration.ofMinutes(5);

    private final Commands commands;
    private final Path script;
    private final long ticksPerSecond;

    LoadGenerator(Commands commands, Path script, long ticksPerSecond) {
        this.commands = commands;
        this.script = script;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The wrk command of a run; {@code latency} adds --latency (measured runs only). */
    List<String> wrkCommand(String url, int threads, int connections, int seconds, boolean latency, String timeout) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s"));
        if (latency) {
            command.add("--latency");
        }
        command.addAll(List.of("--timeout", timeout, "-s", script.toString(), url));
        return command;
    }

    /** An unmeasured run (primer, warm-up), its output to {@code output}. */
    void unmeasured(List<String> command, Map<String, String> vars, Path output) {
        commands.run(command, vars, output, deadline(command));
    }

    /** A background wrk run (the attacker of bids-attack); the caller waits for it. */
    Process inBackground(List<String> command, Map<String, String> vars, Path output) {
        return commands.start(command, vars, output);
    }

    /** A measured run of any generator: output appended to {@code output}, its CPU under GNU time. */
    Run measured(List<String> command, Map<String, String> vars, Path output, Path timeFile) throws IOException {
        List<String> timed = new ArrayList<>();
        boolean timing = Files.isExecutable(GNU_TIME);
        if (timing) {
            Files.deleteIfExists(timeFile);
            timed.addAll(List.of(GNU_TIME.toString(), "-f", "%U %S", "-o", timeFile.toString()));
        }
        timed.addAll(command);
        commands.run(timed, vars, output, deadline(command));
        return new Run(Files.readString(output), timing ? ticks(timeFile) : 0);
    }

    /** ab with these flags against this URL. */
    static List<String> abCommand(List<String> flags, String url) {
        List<String> command = new ArrayList<>();
        command.add("ab");
        command.addAll(flags);
        command.add(url);
        return command;
    }

    /** Ticks from GNU time's "%U %S" line (user and system seconds). */
    private long ticks(Path timeFile) {
        try {
            Optional<String> last = Files.readAllLines(timeFile).stream().filter(l -> l.matches("[0-9.]+ [0-9.]+")).reduce((a, b) -> b);
            return last.map(l -> {
                String[] s = l.split(" ");
                return Math.round((Double.parseDouble(s[0]) + Double.parseDouble(s[1])) * ticksPerSecond);
            }).orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    /** wrk's duration plus a margin; ab, bounded by its count, gets five minutes (as the seed's run always had). */
    private static Duration deadline(List<String> command) {
        for (String arg : command) {
            if (arg.matches("-d[0-9]+s")) {
                return Duration.ofSeconds(Long.parseLong(arg.substring(2, arg.length() - 1)) + 30);
            }
        }
        return AB_DEADLINE;
    }
}
