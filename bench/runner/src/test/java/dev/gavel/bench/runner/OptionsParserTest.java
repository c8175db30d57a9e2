package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsParserTest {

    @Test
    void shouldTakeTheDefaultsOfTheShellRunner() {
        Options o = OptionsParser.parse();
        assertEquals(Options.Action.RUN, o.action());
        assertEquals(10, o.duration());
        assertEquals(3, o.warmup());
        assertEquals(10, o.jitWarmup());
        assertTrue(o.archive());
        assertEquals(64, o.connections());
        assertEquals(2, o.threads());
        assertEquals(18480, o.port());
        assertTrue(o.scenarios().isEmpty());
        assertTrue(o.build());
    }

    @Test
    void shouldReadEveryOption() {
        Options o = OptionsParser.parse("-d", "30", "-w", "0", "-j", "5", "-a", "off", "-c", "20", "-t", "1", "-s", "bids-direct,ref-script",
                "-p", "19000", "-o", "/tmp/x", "--no-build");
        assertEquals(30, o.duration());
        assertEquals(0, o.warmup());
        assertEquals(5, o.jitWarmup());
        assertFalse(o.archive());
        assertEquals(20, o.connections());
        assertEquals(1, o.threads());
        assertEquals(List.of("bids-direct", "ref-script"), o.scenarios());
        assertEquals(19000, o.port());
        assertEquals(Path.of("/tmp/x"), o.out().orElseThrow());
        assertFalse(o.build());
        assertEquals("bench/run -d 30 -w 0 -j 5 -a off -c 20 -t 1 -s bids-direct,ref-script", o.commandLine());
        assertEquals(LiveLoad.HOT_PROBES_PER_SECOND, o.hotRate());
    }

    @Test
    void shouldReadTheHotItemsRateAndRepeatItInTheCommandLine() {
        Options o = OptionsParser.parse("--hot-rate", "20", "-s", "live-hot");

        assertEquals(20, o.hotRate());
        assertEquals("bench/run -d 10 -w 3 -j 10 -a on -c 64 -t 2 --hot-rate 20 -s live-hot", o.commandLine());
    }

    @Test
    void shouldRefuseValuesOutOfRange() {
        assertThrows(UsageException.class, () -> OptionsParser.parse("-d", "1"));
        assertThrows(UsageException.class, () -> OptionsParser.parse("-d", "ten"));
        assertThrows(UsageException.class, () -> OptionsParser.parse("-a", "maybe"));
        assertThrows(UsageException.class, () -> OptionsParser.parse("-p", "80"));
        assertThrows(UsageException.class, () -> OptionsParser.parse("-c", "2", "-t", "3"));
        assertThrows(UsageException.class, () -> OptionsParser.parse("-d"));
        assertThrows(UsageException.class, () -> OptionsParser.parse("--fast"));
        assertThrows(UsageException.class, () -> OptionsParser.parse("--hot-rate", "0"));
        assertThrows(UsageException.class, () -> OptionsParser.parse("--hot-rate", "1001"));
    }

    @Test
    void shouldRefuseAnUnknownScenario() {
        UsageException e = assertThrows(UsageException.class, () -> OptionsParser.parse("-s", "bids-direct,bids-sideways"));
        assertTrue(e.getMessage().contains("bids-sideways"));
    }

    @Test
    void shouldHalveTheDurationOfSecondaryScenarios() {
        Options o = OptionsParser.parse("-d", "5");
        assertEquals(5, o.secondsFor(Scenario.Weight.MAIN));
        assertEquals(3, o.secondsFor(Scenario.Weight.SECONDARY));
    }

    @Test
    void shouldAskForAReportAgain() {
        Options o = OptionsParser.parse("--report", "bench/results/x");
        assertEquals(Options.Action.REPORT, o.action());
        assertEquals(Path.of("bench/results/x"), o.out().orElseThrow());
    }
}
