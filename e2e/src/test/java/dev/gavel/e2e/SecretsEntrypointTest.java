package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker/secrets-entrypoint.sh, which the compose images start through: secrets come from files, not the environment. */
class SecretsEntrypointTest {

    private static final Path ROOT = Path.of(System.getProperty("gavel.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path secrets;

    @Test
    void shouldReadEachSecretFromItsFileAndPutTheRedisPasswordIntoTheUrl() throws Exception {
        // given
        Files.writeString(secrets.resolve("token-secret"), "tok-123\n");
        Files.writeString(secrets.resolve("admin-password"), "admin pass with spaces\n");
        Files.writeString(secrets.resolve("redis-password"), "0123abcd\n");

        // when
        Run run = entrypoint(Map.of(
                "GAVEL_TOKEN_SECRET_FILE", secrets.resolve("token-secret").toString(),
                "GAVEL_ADMIN_PASSWORD_FILE", secrets.resolve("admin-password").toString(),
                "GAVEL_REDIS_PASSWORD_FILE", secrets.resolve("redis-password").toString(),
                "GAVEL_REDIS_URL", "redis://redis:6379"));

        // then
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("GAVEL_TOKEN_SECRET=tok-123\n"), run.output());
        assertTrue(run.output().contains("GAVEL_ADMIN_PASSWORD=admin pass with spaces\n"), run.output());
        assertTrue(run.output().contains("GAVEL_REDIS_URL=redis://:0123abcd@redis:6379\n"), run.output());
        assertFalse(run.output().lines().anyMatch(line -> line.startsWith("GAVEL_") && line.contains("_FILE=")), run.output());
        assertFalse(run.output().contains("GAVEL_REDIS_PASSWORD="), run.output());
    }

    @Test
    void shouldPutTheRedisPasswordIntoEverySeedOfAClusterUrl() throws Exception {
        // given
        Files.writeString(secrets.resolve("redis-password"), "0123abcd\n");

        // when
        Run run = entrypoint(Map.of(
                "GAVEL_REDIS_PASSWORD_FILE", secrets.resolve("redis-password").toString(),
                "GAVEL_REDIS_URL", "redis-cluster://redis-node-1:6379,redis-node-2:6379,redis-node-3:6379"));

        // then
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("GAVEL_REDIS_URL=redis-cluster://:0123abcd@redis-node-1:6379,"
                + ":0123abcd@redis-node-2:6379,:0123abcd@redis-node-3:6379\n"), run.output());
        assertFalse(run.output().contains("GAVEL_REDIS_PASSWORD="), run.output());
    }

    @Test
    void shouldRefuseToStartWhenASecretFileCannotBeRead() throws Exception {
        // when
        Run run = entrypoint(Map.of("GAVEL_TOKEN_SECRET_FILE", secrets.resolve("missing").toString()));

        // then
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("GAVEL_TOKEN_SECRET_FILE"), run.output());
    }

    @Test
    void shouldRefuseARedisPasswordThatIsNotUrlSafe() throws Exception {
        // given
        Files.writeString(secrets.resolve("redis-password"), "p@ss/word");

        // when
        Run run = entrypoint(Map.of("GAVEL_REDIS_PASSWORD_FILE", secrets.resolve("redis-password").toString()));

        // then
        assertEquals(1, run.exit(), run.output());
        assertFalse(run.output().contains("p@ss/word"), "the password is never echoed");
    }

    private static Run entrypoint(Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", ROOT.resolve("docker/secrets-entrypoint.sh").toString(), "env")
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("GAVEL_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the entrypoint did not finish");
        }
        return new Run(process.exitValue(), output);
    }

    private record Run(int exit, String output) {
    }
}
