package dev.llmrouter.classify;

import dev.llmrouter.deadletter.DeadLetters;
import dev.llmrouter.outcome.Responses;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.DeadLetter;
import dev.llmrouter.schema.DeadLetterReason;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.topics.Topic;
import dev.llmrouter.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The classify stage (stateless): reads prompt requests as bytes, so bad input keeps its original
 * bytes, validates them, and tags each valid one with the classifier's complexity, category and score.
 * Unreadable or invalid requests go to the dead-letter topic with the reason; an invalid request that
 * names its user also gets an INVALID response, so the application waiting for it learns why.
 *
 * <p>Built alone ({@link #addTo}), it writes every classified request keyed by user id to
 * {@code llm-requests-classified}. Built in front of the route stage ({@link #addHandingOff}), it hands a
 * request that already sits in the partition its user's route state lives in straight to the route
 * stage in the same task, and only the others (keyed by something else, or placed by a producer with
 * another partitioner) cross {@code llm-requests-classified} to be re-keyed: a request saves a produce,
 * a consume and, under exactly-once, one transaction commit.
 */
public final class ClassifyStage {

    public static final String NAME = "classify";

    private final ClassifyConfig config;
    private final Topics topics;
    private final PromptClassifier classifier;

    public ClassifyStage(ClassifyConfig config, Topics topics, PromptClassifier classifier) {
        this.config = config;
        this.topics = topics;
        this.classifier = classifier;
    }

    /** Adds this stage's part of the topology, writing every classified request to the classified topic. */
    public void addTo(StreamsBuilder builder) {
        build(builder, false);
    }

    /**
     * Adds this stage's part of the topology in front of the route stage, and returns the classified
     * requests, keyed by user id, that the route stage takes in the same task; the rest go through the
     * classified topic, which the route stage reads too.
     */
    public KStream<String, ClassifiedRequest> addHandingOff(StreamsBuilder builder) {
        return build(builder, true);
    }

    private KStream<String, ClassifiedRequest> build(StreamsBuilder builder, boolean handOff) {
        Topic<byte[], byte[]> source = topics.requestsRaw();
        // The route stage's tasks are partitioned like its input topics, which share one partition count.
        int routePartitions = handOff ? topics.requestsClassified().partitions() : 0;
        KStream<byte[], Outcome> outcomes = builder
                .stream(source.name(), Consumed.with(source.keySerde(), source.valueSerde()).withName(NAME + "-source"))
                .process(() -> new ClassifyProcessor(topics.requests().valueSerde().deserializer(), routePartitions), Named.as(NAME));

        var branches = outcomes.split(Named.as(NAME + "-"))
                .branch((key, outcome) -> outcome instanceof Classified classified && classified.inRoutePartition(),
                        Branched.as("hand-off"))
                .branch((key, outcome) -> outcome instanceof Classified, Branched.withConsumer(classified -> classified
                        .map((key, outcome) -> ((Classified) outcome).byUser(), Named.as(NAME + "-key-by-user"))
                        .to(topics.requestsClassified().name(), produced(topics.requestsClassified(), "-classified-sink")), "classified"))
                .defaultBranch(Branched.withConsumer(rejected -> {
                    KStream<byte[], Rejected> rejections = rejected.mapValues(outcome -> (Rejected) outcome, Named.as(NAME + "-as-rejected"));
                    rejections.mapValues(Rejected::deadLetter, Named.as(NAME + "-dead-letter"))
                            .to(topics.deadLetters().name(), produced(topics.deadLetters(), "-dlq-sink"));
                    rejections.flatMap((key, outcome) -> outcome.response()
                                    .map(response -> List.of(KeyValue.pair(response.getUserId(), response)))
                                    .orElse(List.of()), Named.as(NAME + "-invalid-response"))
                            .to(topics.responses().name(), produced(topics.responses(), "-invalid-response-sink"));
                }, "rejected"));
        return branches.get(NAME + "-hand-off").map((key, outcome) -> ((Classified) outcome).byUser(), Named.as(NAME + "-hand-off-by-user"));
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> topic, String suffix) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(NAME + suffix);
    }

    /** What became of one input record. */
    sealed interface Outcome permits Classified, Rejected {
    }

    /** @param inRoutePartition whether the record's partition is the one its user id maps to in the route stage's topics */
    record Classified(String userId, ClassifiedRequest request, boolean inRoutePartition) implements Outcome {

        KeyValue<String, ClassifiedRequest> byUser() {
            return KeyValue.pair(userId, request);
        }
    }

    record Rejected(DeadLetter deadLetter, Optional<LlmResponse> response) implements Outcome {
    }

    private final class ClassifyProcessor implements Processor<byte[], byte[], byte[], Outcome> {

        private final Deserializer<PromptRequest> deserializer;
        /** Partition count of the route stage's topics; 0 when nothing is handed off. */
        private final int routePartitions;
        private final RequestValidator validator = new RequestValidator(config);
        private ProcessorContext<byte[], Outcome> context;

        ClassifyProcessor(Deserializer<PromptRequest> deserializer, int routePartitions) {
            this.deserializer = deserializer;
            this.routePartitions = routePartitions;
        }

        @Override
        public void init(ProcessorContext<byte[], Outcome> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            PromptRequest request;
            try {
                if (record.value() == null) {
                    throw new IllegalArgumentException("record has no value (a tombstone is not a request)");
                }
                request = deserializer.deserialize(Topics.REQUESTS, record.headers(), record.value());
            } catch (RuntimeException e) {
                reject(record, DeadLetterReason.DESERIALIZATION, "cannot read request: " + DeadLetters.describe(e), e, null);
                return;
            }
            if (record.value().length > config.maxRecordBytes()) {
                reject(record, DeadLetterReason.VALIDATION, "invalid request: the record is " + record.value().length
                        + " bytes; the limit is " + config.maxRecordBytes(), null, request);
                return;
            }
            Optional<String> problem = validator.problem(request);
            if (problem.isPresent()) {
                reject(record, DeadLetterReason.VALIDATION, "invalid request: " + problem.get(), null, request);
                return;
            }
            ClassifiedRequest classified = new ClassifiedRequest(request, classifier.classify(request));
            context.forward(record.withValue(new Classified(request.getUserId(), classified, inRoutePartition(request.getUserId()))));
        }

        /** The route stage's sinks and the workers place a user's records with the Java client's default partitioner. */
        private boolean inRoutePartition(String userId) {
            if (routePartitions == 0) {
                return false;
            }
            int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
            return partition == BuiltInPartitioner.partitionForKey(userId.getBytes(StandardCharsets.UTF_8), routePartitions);
        }

        private void reject(Record<byte[], byte[]> record, DeadLetterReason reason, String error, Throwable cause,
                            PromptRequest request) {
            Optional<RecordMetadata> metadata = context.recordMetadata();
            DeadLetter letter = DeadLetters.of(NAME,
                    metadata.map(RecordMetadata::topic).orElse(Topics.REQUESTS),
                    metadata.map(RecordMetadata::partition).orElse(-1),
                    metadata.map(RecordMetadata::offset).orElse(-1L),
                    record.key(), record.value(), record.headers(), reason, error, cause);
            Optional<LlmResponse> response = request == null || request.getUserId() == null || request.getUserId().isBlank()
                    || request.getRequestId() == null || request.getRequestId().isBlank()
                    ? Optional.empty()
                    : Optional.of(Responses.invalid(request, error, Instant.now()));
            context.forward(record.withValue(new Rejected(letter, response)));
        }
    }
}
