package dev.gavel.query.store;

import io.micronaut.configuration.mongo.core.DefaultMongoConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;

/**
 * The driver waits 30 s for a server by default; a request (and /health) should instead fail
 * within about a second or two with 503 when MongoDB is away.
 */
@Singleton
public class MongoTimeouts implements BeanCreatedEventListener<DefaultMongoConfiguration> {

    @Override
    public DefaultMongoConfiguration onCreated(BeanCreatedEvent<DefaultMongoConfiguration> event) {
        DefaultMongoConfiguration config = event.getBean();
        config.getClusterSettings().serverSelectionTimeout(1500, TimeUnit.MILLISECONDS);
        config.getSocketSettings().connectTimeout(1000, TimeUnit.MILLISECONDS);
        return config;
    }
}
