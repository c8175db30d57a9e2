package dev.gavel.query.pages;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * GET / (the auction room) and GET /ops (the operators' page): two plain HTML documents read once from
 * {@code src/main/resources/pages}; their scripts, styles and uPlot are static resources under /assets/.
 * The pages use only the public API, so nothing here knows about items or users.
 */
@Controller
public class PagesController {

    /** The pages load only what this origin serves; uPlot sizes its chart with inline styles. */
    static final String POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final String ROOM = resource("/pages/index.html");
    private static final String OPS = resource("/pages/ops.html");

    @Get("/")
    public HttpResponse<String> room() {
        return page(ROOM);
    }

    @Get("/ops")
    public HttpResponse<String> ops() {
        return page(OPS);
    }

    /** no-cache: a deploy's new page is seen at once (it revalidates), and the assets it names with it. */
    private static HttpResponse<String> page(String html) {
        return HttpResponse.ok(html)
                .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff");
    }

    private static String resource(String path) {
        try (InputStream in = PagesController.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
