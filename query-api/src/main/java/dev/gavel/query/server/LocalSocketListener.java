package dev.gavel.query.server;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration.NettyListenerConfiguration;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * With GAVEL_QUERY_SOCKET set, the server listens on that Unix domain socket as well as on its TCP port, for an nginx
 * on the same host. A live event reaches each of its subscribers through nginx, so each delivery crosses this hop
 * once: over loopback TCP every write also runs the TCP stack on both ends and its acknowledgements, over a local
 * socket it is queued straight to the reader (docs/performance.md, "Live streams", fourteenth pass). The TCP port
 * stays for health checks, metrics and direct clients.
 */
@Singleton
public class LocalSocketListener implements BeanCreatedEventListener<NettyHttpServerConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSocketListener.class);
    /** The file type bits of a {@code unix:mode} (S_IFMT), and the type of a socket among them (S_IFSOCK). */
    private static final int FILE_TYPE = 0170000;
    private static final int SOCKET = 0140000;

    private final String socket;

    public LocalSocketListener(@Value("${gavel.socket:}") String socket) {
        this.socket = socket.trim();
    }

    @Override
    public NettyHttpServerConfiguration onCreated(BeanCreatedEvent<NettyHttpServerConfiguration> event) {
        NettyHttpServerConfiguration config = event.getBean();
        if (socket.isEmpty()) {
            return config;
        }
        if (config.getListeners() != null) {
            throw new IllegalStateException("GAVEL_QUERY_SOCKET adds a listener to the server's port; it cannot be"
                    + " combined with micronaut.server.netty.listeners");
        }
        Path path = Path.of(socket).toAbsolutePath();
        removeStale(path);

        NettyListenerConfiguration tcp = new NettyListenerConfiguration("tcp");
        tcp.setFamily(NettyListenerConfiguration.Family.TCP);
        tcp.setHost(config.getHost().orElse(null));
        // Micronaut's own default listener takes the same port; -1 (a free port) is what tests ask for.
        tcp.setPort(config.getPort().orElse(-1));
        NettyListenerConfiguration local = new NettyListenerConfiguration("local");
        local.setFamily(NettyListenerConfiguration.Family.UNIX);
        local.setPath(path.toString());
        // The socket first: the server binds its listeners in order, so a health check answered on the port means
        // the socket is there too (bin/gavel hands it to nginx's workers once query-api is healthy).
        config.setListeners(List.of(local, tcp));
        LOG.info("listening on the local socket {} as well as on TCP", path);
        return config;
    }

    /**
     * A socket file outlives the process that bound it (a crash, SIGKILL), and binding over it fails. One nobody
     * answers on is removed; one another process still answers on is left alone, and the start fails, so two
     * instances never share a path. Anything that is not a socket is never touched.
     */
    static void removeStale(Path path) {
        int mode;
        try {
            mode = (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read GAVEL_QUERY_SOCKET " + path, e);
        }
        if ((mode & FILE_TYPE) != SOCKET) {
            throw new IllegalStateException("GAVEL_QUERY_SOCKET " + path + " exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException refused) {
            delete(path);
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("could not tell whether GAVEL_QUERY_SOCKET " + path + " is in use", e);
        }
        throw new IllegalStateException("GAVEL_QUERY_SOCKET " + path + " is in use by another process");
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
            LOG.info("removed the stale socket {} (nothing answered on it)", path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the stale socket " + path, e);
        }
    }
}
