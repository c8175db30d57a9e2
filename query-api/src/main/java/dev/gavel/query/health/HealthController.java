package dev.gavel.query.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.store.RedisStore;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.ArrayList;
import java.util.List;

/** GET /health: 200 when Redis and MongoDB both answer, 503 naming the store that does not. */
@Controller("/health")
@ExecuteOn(TaskExecutors.BLOCKING)
public class HealthController {

    private final RedisStore redis;
    private final MongoStore mongo;

    public HealthController(RedisStore redis, MongoStore mongo) {
        this.redis = redis;
        this.mongo = mongo;
    }

    @Get
    public Health health() {
        List<String> down = new ArrayList<>();
        try {
            redis.checkReachable();
        } catch (RuntimeException e) {
            down.add("redis");
        }
        try {
            mongo.ping();
        } catch (RuntimeException e) {
            down.add("mongodb");
        }
        if (!down.isEmpty()) {
            throw ApiException.unavailable(String.join(" and ", down) + " unreachable", null);
        }
        return new Health("up", "up", "up");
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Health(String status, String redis, String mongodb) {
    }
}
