package dev.llmrouter.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.CostEvent;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectNameStrategyTest {

    private static final Schema COST_EVENT = CostEvent.getClassSchema();

    @Test
    void shouldDefaultToTopicNameStrategyWhenNothingIsConfigured() {
        assertThat(SubjectNameStrategy.parse("value.subject.name.strategy", null)).isEqualTo(SubjectNameStrategy.TOPIC_NAME);
    }

    @ParameterizedTest
    @CsvSource({
            "io.confluent.kafka.serializers.subject.TopicNameStrategy, TOPIC_NAME",
            "io.confluent.kafka.serializers.subject.RecordNameStrategy, RECORD_NAME",
            "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, TOPIC_RECORD_NAME",
            "TopicNameStrategy, TOPIC_NAME",
            "RecordNameStrategy, RECORD_NAME",
            "TopicRecordNameStrategy, TOPIC_RECORD_NAME",
            "TOPIC_RECORD_NAME, TOPIC_RECORD_NAME"
    })
    void shouldAcceptConfluentClassNamesAndShortNames(String configured, SubjectNameStrategy expected) {
        assertThat(SubjectNameStrategy.parse("value.subject.name.strategy", configured)).isEqualTo(expected);
    }

    @Test
    void shouldRejectUnknownStrategyNamingTheKey() {
        assertThatThrownBy(() -> SubjectNameStrategy.parse("key.subject.name.strategy", "com.example.MyStrategy"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key.subject.name.strategy")
                .hasMessageContaining("com.example.MyStrategy");
    }

    @Test
    void shouldNameSubjectsAfterTheTopicAndWhetherKeyOrValue() {
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("llm-cost-events", false, COST_EVENT)).isEqualTo("llm-cost-events-value");
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("llm-cost-events", true, COST_EVENT)).isEqualTo("llm-cost-events-key");
    }

    @Test
    void shouldNameSubjectsAfterTheRecordForRecordStrategies() {
        assertThat(SubjectNameStrategy.RECORD_NAME.subject("llm-cost-events", false, COST_EVENT))
                .isEqualTo("dev.llmrouter.schema.CostEvent");
        assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subject("llm-cost-events", false, COST_EVENT))
                .isEqualTo("llm-cost-events-dev.llmrouter.schema.CostEvent");
    }

    @Test
    void shouldRejectRecordStrategyForUnnamedSchema() {
        Schema strings = Schema.createArray(Schema.create(Schema.Type.STRING));

        assertThatThrownBy(() -> SubjectNameStrategy.RECORD_NAME.subject("t", false, strings))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("RecordNameStrategy needs a named schema");
    }
}
