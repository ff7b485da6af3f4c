package dev.llmrouter.embedded.junit;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Confluent-API schema registry ({@link SchemaRegistryProcess}). One registry
 * serves the whole test run: it takes seconds to start, and subjects are namespaced by topic names,
 * which each test chooses.
 */
public final class SchemaRegistryExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SchemaRegistryExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SchemaRegistryProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("registry", key -> SchemaRegistryProcess.start(), SchemaRegistryProcess.class);
    }
}
