package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployable jars carry no development MongoDB: mongo-java-server and H2 live in
 * tools/embedded-mongo, which only bin/gavel and the tests run. These tests list the jars the reactor
 * has just packaged (this module runs after them); a new deployable's jar is one more entry of
 * {@link #DEPLOYABLE_JARS}.
 */
class ProductionJarsTest {

    private static final Path ROOT = Path.of(System.getProperty("gavel.root", "..")).toAbsolutePath().normalize();

    /** The jars the Dockerfiles ship, relative to the repository. */
    private static final List<String> DEPLOYABLE_JARS = List.of(
            "query-api/target/gavel-query-api.jar",
            "acceptor/target/gavel-acceptor.jar",
            "processor/target/gavel-processor.jar");

    /** mongo-java-server and H2, as jar entry prefixes. */
    private static final List<String> DEVELOPMENT_ONLY = List.of("de/bwaldvogel/", "org/h2/");

    /** A multi-release jar keeps classes for newer JVMs under this prefix too. */
    private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/[0-9]+/");

    @Test
    void shouldShipNoClassOfTheEmbeddedMongo() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String jar : DEPLOYABLE_JARS) {
            // when
            List<String> entries = entries(jar);

            // then
            assertTrue(entries.stream().anyMatch(name -> name.startsWith("dev/gavel/")), jar + " holds none of Gavel's classes");
            List<String> found = entries.stream().filter(ProductionJarsTest::developmentOnly).limit(10).toList();
            if (!found.isEmpty()) {
                problems.add(jar + " holds classes of the embedded MongoDB, such as " + found);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldFindThemInTheEmbeddedMongoJarItself() throws IOException {
        // when
        List<String> entries = entries("tools/embedded-mongo/target/gavel-embedded-mongo.jar");

        // then: the listing above would see them
        for (String prefix : DEVELOPMENT_ONLY) {
            assertTrue(entries.stream().anyMatch(name -> name.startsWith(prefix) && name.endsWith(".class")),
                    "the embedded MongoDB's jar has no " + prefix + " class");
        }
    }

    private static List<String> entries(String jar) throws IOException {
        Path path = ROOT.resolve(jar);
        assertTrue(Files.isRegularFile(path), path + " is missing: the reactor packages it before this module's tests");
        try (JarFile file = new JarFile(path.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }

    private static boolean developmentOnly(String entry) {
        String name = VERSIONED.matcher(entry).replaceFirst("");
        return DEVELOPMENT_ONLY.stream().anyMatch(name::startsWith);
    }
}
