package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The machine and the versions of what ran, for the report's "Machine and load" section. */
final class MachineInfo {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private MachineInfo() {
    }

    static String describe(Commands commands) {
        String cpu = "?";
        String memory = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0))
                    .findFirst().orElse("?");
        } catch (IOException e) {
            // The report then says "?": nothing else depends on these.
        }
        String kernel = commands.capture(List.of("uname", "-r"), TIMEOUT).trim();
        return "CPU: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores; memory " + memory + "; kernel " + kernel;
    }

    static String versions(Commands commands) {
        String java = first(commands, List.of("java", "-version"));
        String redis = first(commands, List.of("redis-server", "--version")).replaceFirst(" sha=.*", "");
        String nginx = first(commands, List.of(ReferenceServers.nginxBinary(), "-v")).replaceFirst(".*: ", "");
        String[] wrk = first(commands, List.of("wrk", "-v")).split(" ");
        String ab = first(commands, List.of("ab", "-V")).replaceFirst("^This is ", "").replaceFirst(" <.*", "");
        return java + "; " + redis + "; " + nginx + "; " + (wrk.length > 1 ? wrk[0] + " " + wrk[1] : wrk[0]) + "; " + ab;
    }

    private static String first(Commands commands, List<String> command) {
        return ProcInfo.firstLine(commands.capture(command, TIMEOUT)).orElse("?");
    }
}
