package dev.llmrouter.serde;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;

/** How the serializer derives the registry subject of a record, as Confluent's strategies of the same names. */
public enum SubjectNameStrategy {

    /** {@code <topic>-key} or {@code <topic>-value}: one schema lineage per topic. The default. */
    TOPIC_NAME("TopicNameStrategy"),
    /** The record's full name: one lineage per record type, shared by all topics. */
    RECORD_NAME("RecordNameStrategy"),
    /** {@code <topic>-<record full name>}: several record types per topic, each with its own lineage. */
    TOPIC_RECORD_NAME("TopicRecordNameStrategy");

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private final String simpleName;

    SubjectNameStrategy(String simpleName) {
        this.simpleName = simpleName;
    }

    /** The subject of a record with {@code schema} written to {@code topic}. */
    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
            case RECORD_NAME -> recordName(schema);
            case TOPIC_RECORD_NAME -> topic + "-" + recordName(schema);
        };
    }

    /**
     * Parses a configured strategy: a Confluent class name ({@code io.confluent.kafka.serializers.subject.RecordNameStrategy}),
     * its simple name ({@code RecordNameStrategy}), a {@code Class} of that name, or a constant of this enum;
     * {@code null} means {@link #TOPIC_NAME}.
     */
    public static SubjectNameStrategy parse(String configKey, Object value) {
        if (value == null) {
            return TOPIC_NAME;
        }
        if (value instanceof SubjectNameStrategy strategy) {
            return strategy;
        }
        String name = value instanceof Class<?> type ? type.getName() : value.toString().strip();
        String simple = name.startsWith(CONFLUENT_PACKAGE) ? name.substring(CONFLUENT_PACKAGE.length()) : name;
        for (SubjectNameStrategy strategy : values()) {
            if (strategy.simpleName.equals(simple) || strategy.name().equals(simple)) {
                return strategy;
            }
        }
        throw new ConfigException(configKey, value, "expected TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
    }

    private String recordName(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> schema.getFullName();
            default -> throw new SerializationException(simpleName + " needs a named schema (record, enum or fixed), got "
                    + schema.getType().getName());
        };
    }
}
