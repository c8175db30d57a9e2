package dev.gavel.bench.reference;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floors the acceptor is measured against: a bare Vert.x HTTP server that answers every PUT or
 * POST after one Redis write, as little as a durable write through Vert.x can do. One verticle per
 * core, each with one long-lived pipelined Redis connection (the fastest way to use the client).
 * Two modes (REF_MODE):
 * <ul>
 *   <li>{@code set} (default): one {@code SET} of the request path, the framework-plus-Redis floor;</li>
 *   <li>{@code bid-script}: the minimal durable bid, one Lua script doing what a bid must do atomically
 *   ({@code HINCRBY} the sequence, {@code RPUSH} the record, {@code HSET} the leader, {@code XADD} the
 *   event): with AOF fsync always, the physical limit of a durable bid in Redis on the machine.</li>
 * </ul>
 * Settings: REF_PORT (default 8090), REF_REDIS_URL (default redis://127.0.0.1:6379), REF_VERTICLES
 * (default: cores), REF_MODE. A benchmark fixture: no reconnect, a lost Redis connection fails its requests.
 */
public final class BareSetServer extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(BareSetServer.class);
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final Buffer CREATED = Buffer.buffer("{\"ok\":true}");
    private static final Buffer FAILED = Buffer.buffer("{\"error\":\"unavailable\"}");
    private static final int MAX_WAITING = 65_536;

    private final int port;
    private final String redisUrl;
    private final WriteMode mode;
    private RedisConnection redis;

    BareSetServer(int port, String redisUrl, WriteMode mode) {
        this.port = port;
        this.redisUrl = redisUrl;
        this.mode = mode;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(env("REF_PORT", "8090"));
        String redisUrl = env("REF_REDIS_URL", "redis://127.0.0.1:6379");
        int verticles = Integer.parseInt(env("REF_VERTICLES", Integer.toString(Runtime.getRuntime().availableProcessors())));
        WriteMode mode = WriteMode.named(env("REF_MODE", "set"));
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new BareSetServer(port, redisUrl, mode), new DeploymentOptions().setInstances(verticles))
                .onSuccess(id -> LOG.info("bare Vert.x + Redis reference ({}) on http://127.0.0.1:{} ({} verticles, redis {})",
                        mode, port, verticles, redisUrl))
                .onFailure(failure -> {
                    LOG.error("reference server failed to start: {}", failure.toString());
                    vertx.close().onComplete(closed -> System.exit(1));
                });
    }

    @Override
    public Future<?> start() {
        RedisOptions options = new RedisOptions()
                .setConnectionString(redisUrl)
                .setMaxWaitingHandlers(MAX_WAITING)
                .setNetClientOptions(new NetClientOptions().setTcpNoDelay(true));
        return Redis.createClient(vertx, options).connect()
                .compose(connection -> {
                    redis = connection;
                    return mode.prepare(connection);
                })
                .compose(prepared -> vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                            .requestHandler(this::handle)
                            .listen());
    }

    private void handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.PUT && request.method() != HttpMethod.POST) {
            request.response().setStatusCode(405).end();
            return;
        }
        String path = request.path();
        request.body()
                .compose(body -> redis.send(mode.write(path, body.length() == 0 ? "0" : body.toString())))
                .onComplete((reply, failure) -> request.response()
                        .setStatusCode(failure == null ? 201 : 503)
                        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                        .end(failure == null ? CREATED.copy() : FAILED.copy()));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
