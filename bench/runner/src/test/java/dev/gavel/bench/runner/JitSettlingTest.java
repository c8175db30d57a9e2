package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live scenarios' warm-up rule, with compiler ticks given round by round (100 ticks a second). */
class JitSettlingTest {

    private final List<String> rounds = new ArrayList<>();
    private long ticks;

    /** A round during which the compiler threads use {@code perRound.get(i)} ticks per second, one value per round. */
    private JitSettling.Round compiling(List<Integer> perSecond) {
        return (seconds, elapsed) -> {
            rounds.add(seconds + "@" + elapsed);
            ticks += (long) perSecond.get(Math.min(rounds.size() - 1, perSecond.size() - 1)) * seconds;
        };
    }

    @Test
    void shouldGoOnInRoundsWhileTheCompilersAreBusyAndStopOnceTheyAreQuiet() throws Exception {
        // 60 %, 20 %, then 3 % of a core
        JitSettling.Outcome outcome = JitSettling.warm(10, compiling(List.of(60, 20, 3)), () -> ticks, 100);

        assertEquals(List.of("10@0", "5@10", "5@15"), rounds);
        assertEquals(20, outcome.seconds());
        assertTrue(outcome.settled());
        assertEquals("20 s; compiler threads at 3 % of a core in its last 5 s", outcome.text());
    }

    @Test
    void shouldStopWhenTheFirstRoundIsQuietAlready() throws Exception {
        JitSettling.Outcome outcome = JitSettling.warm(10, compiling(List.of(4)), () -> ticks, 100);

        assertEquals(List.of("10@0"), rounds);
        assertEquals("10 s; compiler threads at 4 % of a core in its last 10 s", outcome.text());
    }

    @Test
    void shouldStopAtTheLimitAndSaySo() throws Exception {
        JitSettling.Outcome outcome = JitSettling.warm(10, compiling(List.of(50)), () -> ticks, 100);

        assertEquals(1 + ScenarioRunner.JIT_EXTRA_LIMIT_S / ScenarioRunner.JIT_ROUND_S, rounds.size());
        assertEquals(10 + ScenarioRunner.JIT_EXTRA_LIMIT_S, outcome.seconds());
        assertFalse(outcome.settled());
        assertTrue(outcome.text().endsWith("(not settled: stopped at the limit)"), outcome.text());
    }
}
