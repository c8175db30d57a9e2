package dev.gavel.e2e;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One stack for the test classes that can share it: every stack start costs tens of seconds of a 2-core CI
 * machine. It is started by the first of its users that asks for it, in its {@code @BeforeAll}, and stopped once
 * all of them have run (they run one after the other: e2e/pom.xml orders the classes by name), or at the end of
 * the run when only some of them ran: an idle stack left up would take CPU from every later test.
 *
 * <p>A class takes it with {@code @ExtendWith} of the subclass and a {@code Stack} parameter of its
 * {@code @BeforeAll} method, is named among the subclass's users, and must not stop it.
 */
abstract class SharedStack implements ParameterResolver, AfterAllCallback {

    /** Per kind of shared stack (the subclass), the user classes that have run. */
    private static final Map<Class<?>, Set<Class<?>>> FINISHED = new ConcurrentHashMap<>();

    private final Set<Class<?>> users;
    private final Supplier<Stack> start;

    SharedStack(Set<Class<?>> users, Supplier<Stack> start) {
        this.users = Set.copyOf(users);
        this.start = start;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Stack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return store(context).getOrComputeIfAbsent("stack", key -> new Running(start.get()), Running.class).stack();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Set<Class<?>> finished = FINISHED.computeIfAbsent(getClass(), kind -> ConcurrentHashMap.newKeySet());
        finished.add(context.getRequiredTestClass());
        if (finished.containsAll(users)) {
            Running running = store(context).remove("stack", Running.class);
            if (running != null) {
                running.close();
            }
        }
    }

    private ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(getClass()));
    }

    /** The stack; JUnit stops it when the root context closes, unless the last of its users already has. */
    private record Running(Stack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.close();
        }
    }
}
