package dev.gavel.query.ops;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * GET /openapi.yml: the one OpenAPI 3 document of the whole API, acceptor routes included (kept by hand in
 * {@code src/main/resources/openapi.yml}); GET /docs: Swagger UI over it (assets from the swagger-ui webjar
 * under /docs/).
 */
@Controller
public class DocsController {

    private static final String OPENAPI = resource("/openapi.yml");
    private static final String INDEX = resource("/docs/index.html");

    @Get(value = "/openapi.yml", produces = "application/yaml")
    public String openApi() {
        return OPENAPI;
    }

    @Get("/docs")
    public HttpResponse<String> docs() {
        return HttpResponse.ok(INDEX).contentType(MediaType.TEXT_HTML_TYPE);
    }

    private static String resource(String path) {
        try (InputStream in = DocsController.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
