package dev.gavel.query.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Gives every meter a description, so that each family of {@code /metrics} has HELP text as the contract
 * asks (Prometheus tools report a family with an empty HELP). Meters that bring their own keep it; the
 * framework's meters get one from here (docs/operations.md explains them further).
 */
@Singleton
public class MeterDescriptions implements MeterFilter {

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "http.server.requests", "HTTP requests answered, by method, route template and status, with their latency",
            "executor", "time tasks spent running on one of the service's executors");

    @Override
    public Meter.Id map(Meter.Id id) {
        String given = id.getDescription();
        if (given != null && !given.isBlank()) {
            return id;
        }
        String description = DESCRIPTIONS.getOrDefault(id.getName(), "the meter " + id.getName());
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
    }
}
