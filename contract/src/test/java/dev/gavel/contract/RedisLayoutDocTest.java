package dev.gavel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.contract.golden.GoldenVectors;
import dev.gavel.contract.golden.GoldenVectors.Vector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/redis-layout.md, the human description, says what the golden vectors pin. */
class RedisLayoutDocTest {

    private static final GoldenVectors VECTORS = GoldenVectors.load();
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `(gavel:[^`]+)` \\|", Pattern.MULTILINE);

    private static String doc() throws IOException {
        return Files.readString(Path.of("..", "docs", "redis-layout.md"));
    }

    @Test
    void shouldListEveryKeyPatternOfTheVectorsInTheKeyTable() throws IOException {
        List<String> rows = KEY_ROW.matcher(doc()).results().map(result -> result.group(1)).toList();
        for (Vector vector : VECTORS.ofKind("redis-key")) {
            assertTrue(rows.contains(vector.expectedText("pattern")),
                    vector.describe() + ": " + vector.expectedText("pattern") + " is not a row of the key table");
        }
    }

    @Test
    void shouldHaveAVectorForEveryRowOfTheKeyTable() throws IOException {
        List<String> patterns = VECTORS.ofKind("redis-key").stream().map(vector -> vector.expectedText("pattern")).toList();
        Matcher rows = KEY_ROW.matcher(doc());
        while (rows.find()) {
            assertTrue(patterns.contains(rows.group(1)), rows.group(1) + " has no golden vector");
        }
    }

    @Test
    void shouldMatchEachVectorKeyToItsDocumentedPattern() {
        for (Vector vector : VECTORS.ofKind("redis-key")) {
            String regex = Pattern.quote(vector.expectedText("pattern"))
                    .replace("{pN}", "\\E\\{p[0-9]+-[0-9]+\\}\\Q")
                    .replaceAll("<[a-z_0-9]+>", "\\\\E[^:]+\\\\Q");
            assertTrue(vector.expectedText("key").matches(regex), vector.describe() + " does not match its pattern");
        }
    }

    @Test
    void shouldGiveThePartitionTestVectorsOfTheVectorsFile() throws IOException {
        Matcher listed = Pattern.compile("`([^`]+)` → (\\d+)").matcher(doc().split("## Keys")[0]);
        int checked = 0;
        while (listed.find()) {
            String id = listed.group(1);
            long expected = Long.parseLong(listed.group(2));
            Vector vector = VECTORS.ofKind("partition").stream()
                    .filter(candidate -> candidate.input("id").equals(id) && candidate.inputInt("partitions") == 16)
                    .findFirst().orElseThrow(() -> new AssertionError("no golden vector for the documented id " + id));
            assertEquals(expected, vector.expectedLong("partition"), vector.describe());
            checked++;
        }
        assertTrue(checked >= 5, "the doc's partition examples were not found");
    }

    @Test
    void shouldDocumentEveryEventIdForm() throws IOException {
        String doc = doc();
        for (String form : List.of("`bid:<item>:<seq>`", "`impression:<item>:<n>`", "`certificate:<cert_id>`")) {
            assertTrue(doc.contains(form), form);
        }
        assertTrue(doc.contains("`pbkdf2_sha256$<iterations>$<salt>$<hash>`"));
    }
}
