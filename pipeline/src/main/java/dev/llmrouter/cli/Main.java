package dev.llmrouter.cli;

import picocli.CommandLine;

/** Entry point of the {@code llm-router} command. */
public final class Main {

    private static final String AVRO_TRUSTED_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";
    /** Idle HTTP/1.1 connections each JDK HttpClient keeps; read once, when its connection pool class loads. */
    private static final String HTTP_POOL_SIZE = "jdk.httpclient.connectionPoolSize";
    private static final String DEFAULT_HTTP_POOL_SIZE = "64";

    private Main() {
    }

    public static void main(String[] args) {
        // Avro 1.12 instantiates generated classes (enum defaults included) only from trusted packages.
        if (System.getProperty(AVRO_TRUSTED_PACKAGES) == null) {
            System.setProperty(AVRO_TRUSTED_PACKAGES, "dev.llmrouter.schema");
        }
        // Unbounded by default: after a burst of thousands of calls to a plain-HTTP server every connection stays
        // pooled, each keeps a 16 KB read buffer, and every call scans the pool's expiry list twice, linearly. 64 per
        // client (eight clients per provider) rather than 256 cut that scan from 5.6% to 1.7% of the pipeline's CPU,
        // with no loss in the workers benchmark's bursts (docs/PERFORMANCE.md, session 8).
        if (System.getProperty(HTTP_POOL_SIZE) == null) {
            System.setProperty(HTTP_POOL_SIZE, DEFAULT_HTTP_POOL_SIZE);
        }
        System.exit(new CommandLine(new LlmRouterCommand()).execute(args));
    }
}
