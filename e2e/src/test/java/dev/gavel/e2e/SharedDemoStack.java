package dev.gavel.e2e;

import java.util.Map;
import java.util.Set;

/**
 * The demo stack (two acceptors, as a deployment behind nginx has) for the test classes that only add items and
 * bids of their own and read what they wrote, whatever ran on the stack before them ({@link SharedStack}).
 */
final class SharedDemoStack extends SharedStack {

    SharedDemoStack() {
        super(Set.of(GeneratedClientEndToEndTest.class, LiveEndToEndTest.class, StatisticsEndToEndTest.class),
                () -> Stack.startWithDemo("-shared", Map.of("GAVEL_ACCEPTORS", "2")));
    }
}
