package dev.gavel.query.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;

/** GET /statistics (exactly one filter) and GET /statistics/summary, from the counters in Redis. */
@Controller("/statistics")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatisticsController {

    private final StatisticsReader statistics;

    public StatisticsController(StatisticsReader statistics) {
        this.statistics = statistics;
    }

    @Get
    public Map<String, Object> statistics(@Nullable @QueryValue String username, @Nullable @QueryValue String sdk,
                                          @Nullable @QueryValue String platform, @Nullable @QueryValue String country,
                                          @Nullable @QueryValue String item) {
        return statistics.forFilter(StatisticsFilter.of(username, sdk, platform, country, item));
    }

    @Get("/summary")
    public Map<String, Object> summary() {
        return statistics.summary();
    }
}
