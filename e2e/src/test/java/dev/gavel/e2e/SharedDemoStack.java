package dev.gavel.e2e;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One demo stack (two acceptors, as a deployment behind nginx has) for the test classes that only add items and
 * bids of their own and read what they wrote, whatever ran on the stack before them. It is started by the first
 * class that asks for it, in its {@code @BeforeAll}, and stopped once the whole run has ended: every stack start
 * costs tens of seconds of a 2-core CI machine, most of it JIT and class loading.
 *
 * <p>A class takes it with {@code @ExtendWith(SharedDemoStack.class)} and a {@code Stack} parameter of its
 * {@code @BeforeAll} method; it must not stop it.
 */
final class SharedDemoStack implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedDemoStack.class);

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

    /** The stack, stopped by JUnit when the root context closes: at the end of the run. */
    private record Running(Stack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.close();
        }
    }
}
