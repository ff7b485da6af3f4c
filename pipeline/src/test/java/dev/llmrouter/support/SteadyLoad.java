package dev.llmrouter.support;

import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Requests sent at a steady rate on a thread of their own, as applications keep sending while a fault
 * happens. The producer is idempotent with a long delivery timeout: like a real client, it retries through
 * a broker outage instead of dropping requests.
 */
public final class SteadyLoad implements AutoCloseable {

    private final KafkaProducer<String, PromptRequest> producer;
    private final List<PromptRequest> sent = new CopyOnWriteArrayList<>();
    private final Thread thread;

    /** Starts sending {@code count} requests from {@code users} users at {@code perSecond}. */
    public SteadyLoad(String bootstrapServers, Topics topics, int count, int perSecond, int users) {
        this(bootstrapServers, topics, count, perSecond, users, null);
    }

    /** The same, every request with {@code systemPrompt} (null: none), e.g. one long enough for providers to cache. */
    public SteadyLoad(String bootstrapServers, Topics topics, int count, int perSecond, int users, String systemPrompt) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000),
                topics.requests().keySerde().serializer(), topics.requests().valueSerde().serializer());
        thread = Thread.ofPlatform().name("steady-load").start(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + i * 1_000_000_000L / perSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                PromptRequest request = Requests.prompt("load-user-" + (i % users), "Load request " + i + ": what is " + i + " times 2?");
                if (systemPrompt != null) {
                    request.setSystemPrompt(systemPrompt);
                }
                producer.send(new ProducerRecord<>(Topics.REQUESTS, request.getUserId(), request));
                sent.add(request);
            }
            producer.flush();
        });
    }

    /** How many requests were handed to the producer so far. */
    public int sentSoFar() {
        return sent.size();
    }

    /** Waits until every request was sent and acknowledged, and returns them. */
    public List<PromptRequest> awaitSent() throws InterruptedException {
        thread.join();
        return List.copyOf(sent);
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
        producer.close();
    }
}
