package dev.gavel.query.store;

import com.mongodb.WriteConcern;
import dev.gavel.query.GavelConfig;
import io.micronaut.configuration.mongo.core.DefaultMongoConfiguration;
import io.micronaut.runtime.ApplicationConfiguration;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MongoClientTuningTest {

    @Test
    void shouldUseAJournaledMajorityWriteConcernAndOneBoundOnEveryWaitByDefault() {
        // given
        DefaultMongoConfiguration mongo = configuration("mongodb://127.0.0.1:27017/gavel");

        // when
        new MongoClientTuning(new GavelConfig()).tune(mongo);

        // then
        assertEquals(WriteConcern.MAJORITY.withJournal(true), mongo.getClientSettings().build().getWriteConcern());
        assertFalse(mongo.getClientSettings().build().getRetryReads());
        assertEquals(1500, mongo.getSocketSettings().build().getConnectTimeout(TimeUnit.MILLISECONDS));
        assertEquals(1500, mongo.getSocketSettings().build().getReadTimeout(TimeUnit.MILLISECONDS));
        assertEquals(1500, mongo.getClusterSettings().build().getServerSelectionTimeout(TimeUnit.MILLISECONDS));
        assertEquals(1500, mongo.getPoolSettings().build().getMaxWaitTime(TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldTakeTheConfiguredWriteConcernAndTimeoutJournaled() {
        // given
        GavelConfig config = new GavelConfig();
        config.setMongodbWriteConcern("1");
        config.setMongodbTimeoutMs(800);
        DefaultMongoConfiguration mongo = configuration("mongodb://127.0.0.1:27017/gavel");

        // when
        new MongoClientTuning(config).tune(mongo);

        // then
        assertEquals(new WriteConcern(1).withJournal(true), mongo.getClientSettings().build().getWriteConcern());
        assertEquals(800, mongo.getSocketSettings().build().getReadTimeout(TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldLeaveWhatTheUriSetsItself() {
        // given
        DefaultMongoConfiguration mongo = configuration("mongodb://127.0.0.1:27017/gavel"
                + "?w=2&journal=true&socketTimeoutMS=5000&serverSelectionTimeoutMS=7000&retryReads=true");

        // when
        new MongoClientTuning(new GavelConfig()).tune(mongo);

        // then
        assertEquals(new WriteConcern(2).withJournal(true), mongo.getClientSettings().build().getWriteConcern());
        assertTrue(mongo.getClientSettings().build().getRetryReads());
        assertEquals(5000, mongo.getSocketSettings().build().getReadTimeout(TimeUnit.MILLISECONDS));
        assertEquals(7000, mongo.getClusterSettings().build().getServerSelectionTimeout(TimeUnit.MILLISECONDS));
        assertEquals(1500, mongo.getSocketSettings().build().getConnectTimeout(TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldRefuseAWriteConcernThatIsNeitherMajorityNorANumber() {
        GavelConfig config = new GavelConfig();
        assertThrows(IllegalArgumentException.class, () -> config.setMongodbWriteConcern("0"));
        assertThrows(IllegalArgumentException.class, () -> config.setMongodbWriteConcern("all"));
    }

    private static DefaultMongoConfiguration configuration(String uri) {
        DefaultMongoConfiguration mongo = new DefaultMongoConfiguration(new ApplicationConfiguration());
        mongo.setUri(uri);
        return mongo;
    }
}
