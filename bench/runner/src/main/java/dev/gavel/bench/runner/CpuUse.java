package dev.gavel.bench.runner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the CPU of one measured run went: microseconds of CPU per request for each group of
 * processes this run started ({@code loadgen} is the load generator itself), and the share of the
 * whole machine that processes this run did not start used meanwhile ({@code othersPercent}).
 * With every core busy, throughput is about cores / (sum of the groups).
 */
record CpuUse(Map<String, Double> usPerRequest, double othersPercent) {

    static final String LOADGEN = "loadgen";

    static final CpuUse NONE = new CpuUse(Map.of(), 0);

    /**
     * @param loadgenTicks ticks the load generator used (0 when unknown)
     * @param ticksPerSecond the kernel's USER_HZ
     */
    static CpuUse between(CpuSnapshot before, CpuSnapshot after, long requests, double seconds, long loadgenTicks,
                          int cores, long ticksPerSecond) {
        if (requests < 1) {
            return NONE;
        }
        double usPerTick = 1_000_000.0 / ticksPerSecond;
        Map<String, Double> use = new LinkedHashMap<>();
        long ours = 0;
        for (Map.Entry<String, Long> group : after.groups().entrySet()) {
            long ticks = Math.max(0, group.getValue() - before.groups().getOrDefault(group.getKey(), 0L));
            ours += ticks;
            use.put(group.getKey(), ticks * usPerTick / requests);
        }
        if (loadgenTicks > 0) {
            use.put(LOADGEN, loadgenTicks * usPerTick / requests);
        }
        long others = Math.max(0, after.machine() - before.machine() - ours - loadgenTicks);
        double capacity = seconds * cores * ticksPerSecond;
        return new CpuUse(use, capacity > 0 ? 100.0 * others / capacity : 0);
    }

    /** CPU per request of every group together, the load generator left out: what serving one request cost. */
    double serverTotal() {
        return usPerRequest.entrySet().stream().filter(e -> !e.getKey().equals(LOADGEN)).mapToDouble(Map.Entry::getValue).sum();
    }

    double of(String group) {
        return usPerRequest.getOrDefault(group, 0.0);
    }
}
