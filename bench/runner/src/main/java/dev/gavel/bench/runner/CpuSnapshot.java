package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU clock ticks used so far by each group of tracked processes, and by the whole machine.
 * Per process: utime + stime + cutime + cstime from /proc/&lt;pid&gt;/stat, the last two being the
 * children it has waited for, such as Redis's short-lived AOF rewrite children, which no snapshot
 * would catch alive. Machine: user + nice + system + irq + softirq of /proc/stat's "cpu" line.
 */
record CpuSnapshot(Map<String, Long> groups, long machine) {

    static CpuSnapshot take(TrackedProcesses processes) {
        Map<String, Long> ticks = new TreeMap<>();
        processes.groups().forEach((group, pids) -> ticks.put(group, pids.stream().mapToLong(CpuSnapshot::processTicks).sum()));
        return new CpuSnapshot(ticks, machineTicks());
    }

    /** Ticks of every tracked process together. */
    long ours() {
        return groups.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The ticks of one process, 0 when it is gone. */
    static long processTicks(long pid) {
        try {
            return parseProcessTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime + cutime + cstime (fields 14 to 17) of a /proc/&lt;pid&gt;/stat line. */
    static long parseProcessTicks(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        long ticks = 0;
        for (int field = 14; field <= 17; field++) {
            ticks += Long.parseLong(fields[field - 3]);
        }
        return ticks;
    }

    static long machineTicks() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    return parseMachineTicks(line);
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** user + nice + system + irq + softirq of a /proc/stat "cpu" line (idle, iowait and steal are no one's work). */
    static long parseMachineTicks(String cpuLine) {
        String[] f = cpuLine.trim().split(" +");
        List<Integer> busy = List.of(1, 2, 3, 6, 7);
        return busy.stream().mapToLong(i -> Long.parseLong(f[i])).sum();
    }
}
