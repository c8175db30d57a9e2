package dev.gavel.acceptor;

import dev.gavel.acceptor.auth.AuthThrottle;
import dev.gavel.acceptor.auth.Authenticator;
import dev.gavel.acceptor.auth.BasicAuthenticator;
import dev.gavel.acceptor.auth.BearerAuthenticator;
import dev.gavel.acceptor.auth.ClientAddresses;
import dev.gavel.acceptor.auth.CredentialCache;
import dev.gavel.acceptor.auth.HashPool;
import dev.gavel.acceptor.auth.SchemeAuthenticator;
import dev.gavel.acceptor.auth.ThrottledAuthenticator;
import dev.gavel.acceptor.handler.HealthHandler;
import dev.gavel.acceptor.handler.IssueCertificateHandler;
import dev.gavel.acceptor.handler.MetricsHandler;
import dev.gavel.acceptor.handler.PlaceBidHandler;
import dev.gavel.acceptor.handler.RecordImpressionHandler;
import dev.gavel.acceptor.http.ArrivalTime;
import dev.gavel.acceptor.http.EndpointHandler;
import dev.gavel.acceptor.http.InvalidRequestHandler;
import dev.gavel.acceptor.http.Routes;
import dev.gavel.acceptor.metrics.Metrics;
import dev.gavel.acceptor.store.BidStore;
import dev.gavel.acceptor.store.CertificateStore;
import dev.gavel.acceptor.store.ImpressionStore;
import dev.gavel.acceptor.store.Keys;
import dev.gavel.acceptor.store.RedisClients;
import dev.gavel.acceptor.store.RedisNodes;
import dev.gavel.acceptor.store.RedisStore;
import dev.gavel.acceptor.store.Script;
import dev.gavel.acceptor.store.ScriptRunner;
import dev.gavel.acceptor.time.ArrivalClock;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One event loop's HTTP server with its own Redis client; the credential cache is shared by the process. */
public final class ServerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ServerVerticle.class);

    private final AcceptorConfig config;
    private final ArrivalClock clock;
    private final CredentialCache credentials;
    private final Script bidScript;
    private final Script impressionScript;
    private final Script certificateScript;
    private final Metrics metrics;
    private final HashPool hashes;
    private final AuthThrottle throttle;
    private final ClientAddresses addresses;
    private RedisNodes redis;
    private HttpServer server;

    public ServerVerticle(AcceptorConfig config, ArrivalClock clock, CredentialCache credentials, Script bidScript,
                          Script impressionScript, Script certificateScript, Metrics metrics, HashPool hashes,
                          AuthThrottle throttle, ClientAddresses addresses) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.bidScript = Objects.requireNonNull(bidScript, "bidScript");
        this.impressionScript = Objects.requireNonNull(impressionScript, "impressionScript");
        this.certificateScript = Objects.requireNonNull(certificateScript, "certificateScript");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.hashes = Objects.requireNonNull(hashes, "hashes");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    @Override
    public Future<?> start() {
        // Each verticle pipelines its commands over its share of the connections (one by default).
        int poolPerVerticle = Math.max(1, (config.redisPoolSize() + config.verticles() - 1) / config.verticles());
        redis = RedisClients.nodes(vertx, config.redisUrl(), poolPerVerticle, config.redisTimeoutMs(),
                config.redisWaitReplicas());
        RedisStore store = new RedisStore(redis, config.redisTimeoutMs(), metrics);
        Keys keys = new Keys(new RedisKeys(new Partitioner(config.partitions())));
        Authenticator schemes = new SchemeAuthenticator(
                new BasicAuthenticator(hashes, store, credentials, config.authRevalidateMs(), System::nanoTime),
                new BearerAuthenticator(store, credentials, config.tokenSecret(), config.authRevalidateMs(),
                        System::nanoTime, () -> System.currentTimeMillis() / 1000));
        Authenticator authenticator = new ThrottledAuthenticator(vertx, config.abuse().failureDelayMs(), schemes,
                throttle, addresses);
        ScriptRunner scripts = new ScriptRunner(store);
        List<EndpointHandler> handlers = List.of(
                new PlaceBidHandler(authenticator, new BidStore(scripts, bidScript, keys)),
                new RecordImpressionHandler(authenticator, new ImpressionStore(scripts, impressionScript, keys)),
                new IssueCertificateHandler(authenticator, new CertificateStore(scripts, certificateScript, keys),
                        config.company()),
                new HealthHandler(store),
                new MetricsHandler(metrics));
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setTcpNoDelay(true);
        return vertx.createHttpServer(options)
                .requestHandler(Routes.create(vertx, new ArrivalTime(clock), config.maxBodyBytes(), handlers, metrics))
                .invalidRequestHandler(new InvalidRequestHandler())
                .exceptionHandler(failure -> LOG.debug("connection error: {}", failure.toString()))
                .listen()
                .onSuccess(listening -> server = listening);
    }

    @Override
    public Future<?> stop() {
        return redis == null ? Future.succeededFuture() : redis.close();
    }

    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }
}
