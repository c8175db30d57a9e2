package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadBackWhatItWrote() throws IOException {
        // given
        ScenarioResult measured = Fixtures.result("bids-nginx", 9000, 1500, 12_000,
                Map.of("acceptor", 31.5, "processor", 12.25, "loadgen", 7.0), Fixtures.lag(2.5));
        ScenarioResult missing = ScenarioResult.notMeasured("impressions", ScenarioResult.State.NOT_AVAILABLE,
                "(POST /items/{item}/impressions: 404)");
        ResultsFile file = new ResultsFile(dir.resolve("results.tsv"));

        // when
        file.append(measured);
        file.append(missing);
        List<ScenarioResult> read = file.read();

        // then
        assertEquals(List.of(measured, missing), read);
        assertEquals(Optional.of(new ArchiveLag(2.5, 1000, 16, 0.2)), read.get(0).lag());
    }
}
