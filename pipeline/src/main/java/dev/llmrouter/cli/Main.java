package dev.llmrouter.cli;

import picocli.CommandLine;

/** Entry point of the {@code llm-router} command. */
public final class Main {

    private static final String AVRO_TRUSTED_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

    private Main() {
    }

    public static void main(String[] args) {
        // Avro 1.12 instantiates generated classes (enum defaults included) only from trusted packages.
        if (System.getProperty(AVRO_TRUSTED_PACKAGES) == null) {
            System.setProperty(AVRO_TRUSTED_PACKAGES, "dev.llmrouter.schema");
        }
        System.exit(new CommandLine(new LlmRouterCommand()).execute(args));
    }
}
