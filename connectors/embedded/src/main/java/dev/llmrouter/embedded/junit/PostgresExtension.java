package dev.llmrouter.embedded.junit;

import dev.llmrouter.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class its own real PostgreSQL server ({@link EmbeddedPostgres}, from the machine's
 * installation). Declare an {@link EmbeddedPostgres} parameter on a constructor, a {@code @BeforeAll}
 * method or a test; the server lives as long as the test class and its data is deleted afterwards.
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent("postgres", key -> EmbeddedPostgres.start(),
                EmbeddedPostgres.class);
    }
}
