package dev.gavel.acceptor.http;

import io.vertx.core.http.HttpMethod;
import java.util.Objects;

/**
 * Every route the acceptor serves, with its method and path: the one place path strings live.
 * Later endpoints (GET /metrics) join this list together with their handler.
 */
public enum Endpoint {
    PLACE_BID(HttpMethod.PUT, "/items/:item/bids"),
    RECORD_IMPRESSION(HttpMethod.POST, "/items/:item/impressions"),
    ISSUE_CERTIFICATE(HttpMethod.POST, "/certificates"),
    HEALTH(HttpMethod.GET, "/health"),
    ACCEPTOR_HEALTH(HttpMethod.GET, "/acceptor/health"),
    METRICS(HttpMethod.GET, "/metrics"),
    ACCEPTOR_METRICS(HttpMethod.GET, "/acceptor/metrics");

    public static final String ITEM_PARAM = "item";

    private final HttpMethod method;
    private final String path;

    Endpoint(HttpMethod method, String path) {
        this.method = Objects.requireNonNull(method);
        this.path = Objects.requireNonNull(path);
    }

    public HttpMethod method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The route label of the metrics, e.g. {@code PUT /items/:item/bids}. */
    public String route() {
        return method.name() + " " + path;
    }

    /** True when a concrete request path matches this endpoint's path pattern. */
    public boolean matchesPath(String requestPath) {
        String[] pattern = path.split("/", -1);
        String[] actual = requestPath.split("/", -1);
        if (pattern.length != actual.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            boolean param = pattern[i].startsWith(":") && !actual[i].isEmpty();
            if (!param && !pattern[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }
}
