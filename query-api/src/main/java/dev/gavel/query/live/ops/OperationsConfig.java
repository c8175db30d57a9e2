package dev.gavel.query.live.ops;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The settings of GET /live/operations (gavel.live.*, docs/configuration.md). */
@ConfigurationProperties("gavel.live")
public class OperationsConfig {

    private String acceptorUrls = "";
    private List<URI> acceptors = List.of();
    private int acceptorTimeoutMs = 1000;
    private int hotItemsTracked = 10_000;

    public String getAcceptorUrls() {
        return acceptorUrls;
    }

    /** The base URLs of {@link #setAcceptorUrls}, in the order given. */
    public List<URI> acceptors() {
        return acceptors;
    }

    /**
     * GAVEL_ACCEPTOR_URLS: comma-separated base URLs of the acceptor instances whose /health the stream reports,
     * empty for none. A malformed one stops start-up, rather than showing an acceptor that is never healthy.
     */
    public void setAcceptorUrls(String acceptorUrls) {
        List<URI> urls = new ArrayList<>();
        for (String url : (acceptorUrls == null ? "" : acceptorUrls).split(",")) {
            if (url.isBlank()) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("GAVEL_ACCEPTOR_URLS holds a malformed URL: " + url.trim(), e);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("GAVEL_ACCEPTOR_URLS wants http(s)://host:port URLs, got " + url.trim());
            }
            urls.add(uri);
        }
        this.acceptorUrls = acceptorUrls == null ? "" : acceptorUrls;
        this.acceptors = List.copyOf(urls);
    }

    public int getAcceptorTimeoutMs() {
        return acceptorTimeoutMs;
    }

    public void setAcceptorTimeoutMs(int acceptorTimeoutMs) {
        if (acceptorTimeoutMs < 50 || acceptorTimeoutMs > 10_000) {
            throw new IllegalArgumentException("GAVEL_ACCEPTOR_HEALTH_TIMEOUT_MS must be from 50 to 10000, got " + acceptorTimeoutMs);
        }
        this.acceptorTimeoutMs = acceptorTimeoutMs;
    }

    public int getHotItemsTracked() {
        return hotItemsTracked;
    }

    public void setHotItemsTracked(int hotItemsTracked) {
        if (hotItemsTracked < 10 || hotItemsTracked > 1_000_000) {
            throw new IllegalArgumentException("GAVEL_LIVE_HOT_ITEMS_TRACKED must be from 10 to 1000000, got " + hotItemsTracked);
        }
        this.hotItemsTracked = hotItemsTracked;
    }
}
