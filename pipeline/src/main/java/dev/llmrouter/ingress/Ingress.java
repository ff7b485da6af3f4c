package dev.llmrouter.ingress;

import dev.llmrouter.client.RouterClient;
import dev.llmrouter.pricing.PriceCatalog;
import dev.llmrouter.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The OpenAI-compatible ingress of one pipeline instance: an {@link IngressServer} publishing through a
 * {@link RouterClient} of its own. It needs only the topics, so it runs next to the Streams application,
 * next to workers, or alone; instances scale out behind any HTTP load balancer, each reading the
 * responses to its own requests.
 */
public final class Ingress implements AutoCloseable {

    private final RouterClient client;
    private final IngressServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Ingress(RouterClient client, IngressServer server) {
        this.client = client;
        this.server = server;
    }

    /**
     * @param kafka   Kafka client settings of the pipeline (bootstrap servers, security)
     * @param serde   serde settings of the pipeline (registry URL)
     * @param catalog the price catalog: its models are what {@code GET /v1/models} lists
     */
    public static Ingress start(IngressConfig config, Map<String, Object> kafka, Map<String, Object> serde, PriceCatalog catalog)
            throws IOException {
        RouterClient client = RouterClient.builder().kafka(kafka).serde(serde)
                .requestTopic(Topics.REQUESTS).responseTopic(Topics.RESPONSES)
                .defaultTimeout(config.requestTimeout())
                .clientId("llm-router-ingress-" + UUID.randomUUID().toString().substring(0, 8))
                .build();
        try {
            return new Ingress(client, IngressServer.start(config, client, new ModelDirectory(catalog)));
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The base URL for OpenAI clients, e.g. {@code http://127.0.0.1:8000/v1}. */
    public URI baseUrl() {
        return server.baseUrl();
    }

    /** Requests published and still waiting for their response; at {@code max-pending} more are refused with 429. */
    public int pending() {
        return client.pending();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.close();
            client.close();
        }
    }
}
