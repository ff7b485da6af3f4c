package dev.llmrouter.topics;

import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.DeadLetter;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PolicyRecord;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.serde.AvroSerde;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline, typed. Keys are user ids (plain strings) on every topic that flows
 * from a request, so all of them are co-partitioned and share one partition count; values are Avro
 * in the Confluent wire format, their schemas in the registry.
 */
public final class Topics {

    public static final String REQUESTS = "llm-requests";
    public static final String REQUESTS_CLASSIFIED = "llm-requests-classified";
    public static final String DISPATCH = "llm-dispatch";
    public static final String RESPONSES = "llm-responses";
    public static final String COST_EVENTS = "llm-cost-events";
    public static final String REQUESTS_DLQ = "llm-requests-dlq";
    public static final String POLICY = "llm-policy";

    private final Topic<String, PromptRequest> requests;
    private final Topic<byte[], byte[]> requestsRaw;
    private final Topic<String, ClassifiedRequest> requestsClassified;
    private final Topic<String, DispatchRecord> dispatch;
    private final Topic<String, LlmResponse> responses;
    private final Topic<String, CostEvent> costEvents;
    private final Topic<byte[], DeadLetter> deadLetters;
    private final Topic<String, PolicyRecord> policy;
    private final Map<String, ?> serdeConfig;

    /**
     * @param partitions  partition count of the user-keyed topics
     * @param serdeConfig serde settings ({@code schema.registry.url}, {@code auto.register.schemas}, ...)
     */
    public Topics(int partitions, Map<String, ?> serdeConfig) {
        this.serdeConfig = Map.copyOf(serdeConfig);
        Serde<String> keys = Serdes.String();
        Map<String, String> delete7d = Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
        Map<String, String> delete30d = Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(30L * 24 * 3600 * 1000));
        requests = new Topic<>(REQUESTS, keys, avro(PromptRequest.class, serdeConfig), partitions, delete7d);
        requestsRaw = new Topic<>(REQUESTS, Serdes.ByteArray(), Serdes.ByteArray(), partitions, delete7d);
        requestsClassified = new Topic<>(REQUESTS_CLASSIFIED, keys, avro(ClassifiedRequest.class, serdeConfig), partitions, delete7d);
        dispatch = new Topic<>(DISPATCH, keys, avro(DispatchRecord.class, serdeConfig), partitions, delete7d);
        responses = new Topic<>(RESPONSES, keys, avro(LlmResponse.class, serdeConfig), partitions, delete7d);
        costEvents = new Topic<>(COST_EVENTS, keys, avro(CostEvent.class, serdeConfig), partitions, delete30d);
        deadLetters = new Topic<>(REQUESTS_DLQ, Serdes.ByteArray(), avro(DeadLetter.class, serdeConfig), partitions, delete30d);
        // One key, every instance reads all of it: one partition, compacted so the latest policy is kept forever.
        policy = new Topic<>(POLICY, keys, avro(PolicyRecord.class, serdeConfig), 1, Map.of("cleanup.policy", "compact"));
    }

    private static <T extends SpecificRecord> Serde<T> avro(Class<T> type, Map<String, ?> serdeConfig) {
        return AvroSerde.specific(type, serdeConfig, false);
    }

    /** An Avro value serde with the pipeline's registry settings, e.g. for state stores and their changelogs. */
    public <T extends SpecificRecord> Serde<T> avroSerde(Class<T> type) {
        return avro(type, serdeConfig);
    }

    /** Prompt requests from applications, key = user id. */
    public Topic<String, PromptRequest> requests() {
        return requests;
    }

    /** The same topic read as bytes, so the classify stage keeps the original bytes of bad input. */
    public Topic<byte[], byte[]> requestsRaw() {
        return requestsRaw;
    }

    public Topic<String, ClassifiedRequest> requestsClassified() {
        return requestsClassified;
    }

    public Topic<String, DispatchRecord> dispatch() {
        return dispatch;
    }

    public Topic<String, LlmResponse> responses() {
        return responses;
    }

    public Topic<String, CostEvent> costEvents() {
        return costEvents;
    }

    /** Records no stage could process, key = the original key bytes. */
    public Topic<byte[], DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** The routing policy in force, key = the fixed policy key, value = the YAML as published. Not user-keyed. */
    public Topic<String, PolicyRecord> policy() {
        return policy;
    }

    /** Every topic the pipeline creates, once each. */
    public List<Topic<?, ?>> all() {
        return List.of(requests, requestsClassified, dispatch, responses, costEvents, deadLetters, policy);
    }
}
