package dev.gavel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.contract.golden.GoldenVectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/gavel generates the token-secret file itself; what it writes must be what the vectors pin. */
class TokenSecretShellTest {

    @Test
    void shouldReadTheSecretBinGavelGeneratesAsTheVectorsDescribe(@TempDir Path home) throws Exception {
        String pipeline = generatingLine();
        Path file = home.resolve(TokenSecret.FILE_NAME);
        Process shell = new ProcessBuilder("bash", "-c", pipeline.replace("\"$tmp\"", "\"" + file + "\""))
                .redirectErrorStream(true).start();
        assertTrue(shell.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, shell.exitValue(), new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        String written = Files.readString(file);
        String pattern = GoldenVectors.load().ofKind("token-secret").stream()
                .filter(vector -> vector.expected("pattern") != null).findFirst().orElseThrow().expectedText("pattern");
        assertTrue(written.matches(pattern), written);
        assertEquals(written, TokenSecret.resolve(null, home));
    }

    /** The one line of bin/gavel's token_secret that writes the random secret into "$tmp". */
    private static String generatingLine() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "bin", "gavel"));
        List<String> found = lines.stream().filter(line -> line.contains("/dev/urandom") && line.contains("\"$tmp\"")).toList();
        assertEquals(1, found.size(), "bin/gavel's token-secret generation line: " + found);
        return found.get(0).trim();
    }
}
