package dev.gavel.e2e;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One demo stack (two acceptors, as a deployment behind nginx has) for the test classes that only add items and
 * bids of their own and read what they wrote, whatever ran on the stack before them: every stack start costs tens
 * of seconds of a 2-core CI machine. It is started by the first of {@link #USERS} that asks for it, in its
 * {@code @BeforeAll}, and stopped once all of them have run (they run one after the other: e2e/pom.xml orders the
 * classes by name), or at the end of the run when only some of them ran: an idle stack left up would take CPU from
 * every later test.
 *
 * <p>A class takes it with {@code @ExtendWith(SharedDemoStack.class)} and a {@code Stack} parameter of its
 * {@code @BeforeAll} method, is named in {@link #USERS}, and must not stop it.
 */
final class SharedDemoStack implements ParameterResolver, AfterAllCallback {

    /** The classes that share the stack. */
    private static final Set<Class<?>> USERS = Set.of(GeneratedClientEndToEndTest.class, LiveEndToEndTest.class, StatisticsEndToEndTest.class);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedDemoStack.class);
    private static final Set<Class<?>> FINISHED = ConcurrentHashMap.newKeySet();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Stack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> new Running(Stack.startWithDemo("-shared", Map.of("GAVEL_ACCEPTORS", "2"))),
                        Running.class)
                .stack();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        FINISHED.add(context.getRequiredTestClass());
        if (FINISHED.containsAll(USERS)) {
            Running running = context.getRoot().getStore(NAMESPACE).remove("stack", Running.class);
            if (running != null) {
                running.close();
            }
        }
    }

    /** The stack; JUnit stops it when the root context closes, unless the last of its users already has. */
    private record Running(Stack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.close();
        }
    }
}
