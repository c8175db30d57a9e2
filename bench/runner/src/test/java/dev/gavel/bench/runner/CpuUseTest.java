package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuUseTest {

    @Test
    void shouldReadUserSystemAndReapedChildrenTimesOfAProcess() {
        // given a stat line whose command name holds spaces and parentheses
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 700 300 40 20 20 0 30 0 1234 0 0";

        // when / then utime 700 + stime 300 + cutime 40 + cstime 20
        assertEquals(1060, CpuSnapshot.parseProcessTicks(stat));
    }

    @Test
    void shouldCountTheMachinesBusyTicksOnly() {
        // user nice system idle iowait irq softirq steal
        assertEquals(100 + 5 + 50 + 3 + 2, CpuSnapshot.parseMachineTicks("cpu  100 5 50 9000 400 3 2 7 0 0"));
    }

    @Test
    void shouldReadThisProcesssOwnTicks() {
        assertTrue(CpuSnapshot.processTicks(ProcessHandle.current().pid()) > 0);
        assertEquals(0, CpuSnapshot.processTicks(Long.MAX_VALUE));
    }

    @Test
    void shouldChargeMicrosecondsPerRequestToEachGroupAndTheRestToOthers() {
        // given 10 s on 2 cores at 100 ticks/s: the acceptor used 300 ticks, Redis 100, wrk 50; the machine 600
        CpuSnapshot before = new CpuSnapshot(Map.of("acceptor", 1000L, "redis", 500L), 10_000);
        CpuSnapshot after = new CpuSnapshot(Map.of("acceptor", 1300L, "redis", 600L, "processor", 20L), 10_600);

        // when 100,000 requests
        CpuUse use = CpuUse.between(before, after, 100_000, 10, 50, 2, 100);

        // then
        assertEquals(30.0, use.of("acceptor"), 1e-9);
        assertEquals(10.0, use.of("redis"), 1e-9);
        assertEquals(2.0, use.of("processor"), 1e-9);
        assertEquals(5.0, use.of(CpuUse.LOADGEN), 1e-9);
        assertEquals(42.0, use.serverTotal(), 1e-9);
        assertEquals(100.0 * (600 - 420 - 50) / 2000, use.othersPercent(), 1e-9);
    }

    @Test
    void shouldChargeNothingWithoutRequests() {
        CpuSnapshot s = new CpuSnapshot(Map.of("acceptor", 1L), 1);
        assertTrue(CpuUse.between(s, s, 0, 10, 0, 2, 100).usPerRequest().isEmpty());
    }
}
