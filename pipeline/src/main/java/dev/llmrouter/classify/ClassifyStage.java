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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
 * bytes, validates them, tags each valid one with the classifier's complexity, category and score, and
 * writes it keyed by user id to {@code llm-requests-classified}. Unreadable or invalid requests go to
 * the dead-letter topic with the reason; an invalid request that names its user also gets an INVALID
 * response, so the application waiting for it learns why.
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

    /** Adds this stage's part of the topology. */
    public void addTo(StreamsBuilder builder) {
        Topic<byte[], byte[]> source = topics.requestsRaw();
        KStream<byte[], Outcome> outcomes = builder
                .stream(source.name(), Consumed.with(source.keySerde(), source.valueSerde()).withName(NAME + "-source"))
                .process(() -> new ClassifyProcessor(topics.requests().valueSerde().deserializer()), Named.as(NAME));

        outcomes.split(Named.as(NAME + "-"))
                .branch((key, outcome) -> outcome instanceof Classified, Branched.withConsumer(classified -> classified
                        .map((key, outcome) -> KeyValue.pair(((Classified) outcome).userId(), ((Classified) outcome).request()),
                                Named.as(NAME + "-key-by-user"))
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
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> topic, String suffix) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(NAME + suffix);
    }

    /** What became of one input record. */
    sealed interface Outcome permits Classified, Rejected {
    }

    record Classified(String userId, ClassifiedRequest request) implements Outcome {
    }

    record Rejected(DeadLetter deadLetter, Optional<LlmResponse> response) implements Outcome {
    }

    private final class ClassifyProcessor implements Processor<byte[], byte[], byte[], Outcome> {

        private final Deserializer<PromptRequest> deserializer;
        private final RequestValidator validator = new RequestValidator(config);
        private ProcessorContext<byte[], Outcome> context;

        ClassifyProcessor(Deserializer<PromptRequest> deserializer) {
            this.deserializer = deserializer;
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
            context.forward(record.withValue(new Classified(request.getUserId(), classified)));
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
