package dev.llmrouter.serde;

import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.RequestHints;
import dev.llmrouter.schema.Role;
import dev.llmrouter.schema.TaskCategory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;

/** Records and schema variants the integration tests write and read. */
final class TestRecords {

    static final Instant CREATED = Instant.ofEpochMilli(1_760_000_000_123L);

    private TestRecords() {
    }

    /** A topic no other test uses, so each test owns its subjects. */
    static String uniqueTopic(String purpose) {
        return purpose + "-" + UUID.randomUUID();
    }

    static PromptRequest promptRequest(String requestId) {
        return PromptRequest.newBuilder()
                .setRequestId(requestId)
                .setUserId("user-7")
                .setTenant("acme")
                .setMessages(List.of(
                        ChatMessage.newBuilder().setRole(Role.SYSTEM).setContent("Be brief.").build(),
                        ChatMessage.newBuilder().setRole(Role.USER).setContent("Wie spät ist es? ⏰").build()))
                .setMaxOutputTokens(256)
                .setTemperature(0.2)
                .setHints(RequestHints.newBuilder().setTaskType(TaskCategory.CHAT).setLatencyBudgetMs(1500).build())
                .setCreatedAt(CREATED)
                .setMetadata(Map.of("channel", "web"))
                .build();
    }

    static CostEvent costEvent(String requestId, int attempt) {
        return CostEvent.newBuilder()
                .setRequestId(requestId)
                .setAttempt(attempt)
                .setUserId("user-7")
                .setProvider("anthropic")
                .setModel("claude-haiku")
                .setInputTokens(1200)
                .setOutputTokens(300)
                .setCostMicros(4_321)
                .setPriceCatalogVersion("2026-11")
                // Both enums are set: building with their defaults would make Avro load the enum classes by name.
                .setReason(CostReason.FALLBACK)
                .setOutcome(AttemptOutcome.SUCCESS)
                .setRequestCreatedAt(CREATED)
                .setOccurredAt(CREATED.plusMillis(850))
                .build();
    }

    /** CostEvent's schema with one more field inserted at {@code position}. */
    static Schema costEventWith(Schema.Field extra, int position) {
        List<Schema.Field> fields = copyFields(CostEvent.getClassSchema());
        fields.add(position, extra);
        return record(fields);
    }

    /** CostEvent's schema without the named fields, as an older producer may still have it. */
    static Schema costEventWithout(String... names) {
        List<Schema.Field> fields = copyFields(CostEvent.getClassSchema());
        fields.removeIf(field -> List.of(names).contains(field.name()));
        return record(fields);
    }

    static Schema.Field optionalString(String name) {
        return new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                null, Schema.Field.NULL_DEFAULT_VALUE);
    }

    private static List<Schema.Field> copyFields(Schema schema) {
        return new java.util.ArrayList<>(schema.getFields().stream().map(f -> new Schema.Field(f, f.schema())).toList());
    }

    private static Schema record(List<Schema.Field> fields) {
        Schema original = CostEvent.getClassSchema();
        return Schema.createRecord(original.getName(), original.getDoc(), original.getNamespace(), false, fields);
    }
}
