package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    @Test
    void shouldRunTheReferencesOfTheScenariosNamedAndTheirReferences() {
        // bids-attack is divided by bids-nginx, which is divided by ref-nginx-set
        assertEquals(List.of("ref-nginx-set", "bids-nginx", "bids-attack"), names(Catalogue.select(List.of("bids-attack"))));
    }

    @Test
    void shouldPairEachNewScenarioWithItsReference() {
        assertEquals(List.of("ref-nginx-set-c20", "bids-nginx-c20", "ref-nginx-ab", "certificates-ab"),
                names(Catalogue.select(List.of("certificates-ab", "bids-nginx-c20"))));
        assertEquals(List.of("ref-script"), names(Catalogue.select(List.of("ref-script"))));
    }

    @Test
    void shouldRunEverythingWhenNothingIsNamed() {
        assertEquals(Catalogue.ALL, Catalogue.select(List.of()));
    }

    @Test
    void shouldRunBidsAt20ConnectionsAndItsReferenceAlike() {
        assertEquals(20, Catalogue.find("bids-nginx-c20").orElseThrow().connections().orElseThrow());
        assertEquals(20, Catalogue.find("ref-nginx-set-c20").orElseThrow().connections().orElseThrow());
        assertTrue(Catalogue.find("bids-nginx").orElseThrow().connections().isEmpty());
    }

    @Test
    void shouldNameEveryReferenceWithTheRefPrefix() {
        for (Scenario s : Catalogue.ALL) {
            // ab-seed and the live scenarios are judged against fixed targets, not divided by a reference.
            assertEquals(s.reference().isEmpty() && !s.name().equals("ab-seed") && !Scenario.isLive(s.name()), s.isReference(), s.name());
        }
    }

    @Test
    void shouldMeasureTheClusterWithOneRedisInTheSameRun() {
        // bids-cluster3 is divided by bids-nginx: asking for it measures one Redis too
        assertEquals(List.of("ref-nginx-set", "bids-nginx", "bids-cluster3"), names(Catalogue.select(List.of("bids-cluster3"))));
        Scenario cluster = Catalogue.find("bids-cluster3").orElseThrow();
        assertEquals(3, cluster.redisShards());
        assertTrue(cluster.onCluster());
        assertFalse(Catalogue.find("bids-nginx").orElseThrow().onCluster());
    }

    @Test
    void shouldRunTheClusterScenariosAfterEveryScenarioOfTheMainStack() {
        // the main stack stops for the cluster stack and does not come back
        List<Scenario> all = Catalogue.ALL;
        int firstOnCluster = all.indexOf(all.stream().filter(Scenario::onCluster).findFirst().orElseThrow());
        assertTrue(all.subList(firstOnCluster, all.size()).stream().allMatch(Scenario::onCluster));
        assertTrue(all.stream().filter(Scenario::onCluster).allMatch(s -> s.redisShards() == Catalogue.CLUSTER_SHARDS));
    }

    private static List<String> names(List<Scenario> scenarios) {
        return scenarios.stream().map(Scenario::name).toList();
    }
}
