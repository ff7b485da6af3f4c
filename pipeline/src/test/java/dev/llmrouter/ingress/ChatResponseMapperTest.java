package dev.llmrouter.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.Role;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.schema.TokenUsage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatResponseMapperTest {

    private static final Instant DONE = Instant.parse("2026-11-24T01:00:00Z");
    private static final PromptRequest REQUEST = PromptRequest.newBuilder().setRequestId("r-1").setUserId("alice")
            .setMessages(List.of(new ChatMessage(Role.USER, "Hi"))).setCreatedAt(DONE)
            .setMetadata(Map.of(ChatRequestMapper.REQUESTED_MODEL_METADATA, "gpt-4o")).build();

    private static LlmResponse.Builder response(ResponseStatus status) {
        return LlmResponse.newBuilder().setRequestId("r-1").setUserId("alice").setStatus(status)
                .setUsage(new TokenUsage(120L, 30L, 100L, 0L)).setCompletedAt(DONE)
                .setDecision(RoutingDecision.newBuilder().setPrimary(new ModelRef("openai", "gpt-4.1-nano")).setTier(Tier.ECONOMY)
                        .setReason(RouteReason.POLICY).setReasonDetail("low complexity").setPolicyVersion("p-7").setDecidedAt(DONE).build())
                .setClassification(Classification.newBuilder().setComplexity(Complexity.LOW).setCategory(TaskCategory.CHAT)
                        .setScore(0.1).setEstimatedInputTokens(3).setClassifierVersion("t").build());
    }

    private static Attempt attempt(AttemptOutcome outcome) {
        return Attempt.newBuilder().setAttempt(1).setTarget(new ModelRef("openai", "gpt-4.1-nano")).setReason(CostReason.PRIMARY)
                .setOutcome(outcome).build();
    }

    @Test
    void shouldAnswerAnOkResponseAsAChatCompletionFromTheModelThatAnswered() {
        LlmResponse ok = response(ResponseStatus.OK).setContent("Hello!").setFinishReason("stop").setProvider("gemini")
                .setModel("gemini-2.5-flash-lite").setCostMicros(1_250).build();

        ChatResponseMapper.Reply reply = ChatResponseMapper.reply(REQUEST, ok);
        JsonNode body = reply.body();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(body.path("id").asText()).isEqualTo("chatcmpl-r-1");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isEqualTo(DONE.getEpochSecond());
        assertThat(body.path("model").asText()).isEqualTo("gemini-2.5-flash-lite");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello!");
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(120);
        assertThat(body.at("/usage/completion_tokens").asLong()).isEqualTo(30);
        assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(150);
        assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(100);
        assertThat(body.at("/llm_router/tier").asText()).isEqualTo("economy");
        assertThat(body.at("/llm_router/cost_usd").decimalValue()).isEqualByComparingTo("0.00125");
        assertThat(reply.headers()).containsEntry("x-llm-router-tier", "economy")
                .containsEntry("x-llm-router-model", "gemini/gemini-2.5-flash-lite")
                .containsEntry("x-llm-router-cost-usd", "0.00125")
                .containsEntry("x-llm-router-reason", "policy")
                .containsEntry("x-llm-router-policy-version", "p-7")
                .containsEntry("x-llm-router-request-id", "r-1");
    }

    @Test
    void shouldStreamAnOkAnswerAsOneContentChunkThenTheFinishReasonThenTheUsage() {
        LlmResponse ok = response(ResponseStatus.OK).setContent("Hello!").setFinishReason("length").setProvider("gemini")
                .setModel("gemini-2.5-flash-lite").setCostMicros(1_250).build();

        List<ObjectNode> chunks = ChatResponseMapper.chunks(REQUEST, ok, true);

        assertThat(chunks).hasSize(3).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asText()).isEqualTo("chatcmpl-r-1");
            assertThat(chunk.path("model").asText()).isEqualTo("gemini-2.5-flash-lite");
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(0).at("/choices/0/delta/content").asText()).isEqualTo("Hello!");
        assertThat(chunks.get(0).at("/choices/0/finish_reason").isNull()).isTrue();
        assertThat(chunks.get(1).at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(chunks.get(1).at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(chunks.get(2).path("choices").isEmpty()).isTrue();
        assertThat(chunks.get(2).at("/usage/total_tokens").asLong()).isEqualTo(150);
        assertThat(ChatResponseMapper.chunks(REQUEST, ok, false)).hasSize(2);
    }

    @Test
    void shouldReportARareFinishReasonAsStop() {
        LlmResponse ok = response(ResponseStatus.OK).setContent("...").setFinishReason("recitation").setProvider("gemini")
                .setModel("gemini-2.5-pro").build();

        assertThat(ChatResponseMapper.reply(REQUEST, ok).body().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void shouldAnswerABudgetRefusalWith402AndTheRefusalReason() {
        LlmResponse refused = response(ResponseStatus.REFUSED).setError("budget of alice exhausted: spent $9.99 of $10.00").build();

        ChatResponseMapper.Reply reply = ChatResponseMapper.reply(REQUEST, refused);

        assertThat(reply.status()).isEqualTo(402);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("budget_exceeded");
        assertThat(reply.body().at("/error/type").asText()).isEqualTo("insufficient_quota");
        assertThat(reply.body().at("/error/message").asText()).contains("exhausted");
        assertThat(reply.headers()).containsEntry("x-llm-router-status", "refused");
    }

    @Test
    void shouldAnswerAnInvalidRequestWith400() {
        LlmResponse invalid = response(ResponseStatus.INVALID).setError("maxOutputTokens is 999999; allowed: 1 to 128000").build();

        ChatResponseMapper.Reply reply = ChatResponseMapper.reply(REQUEST, invalid);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/message").asText()).contains("maxOutputTokens");
    }

    @Test
    void shouldAnswer503WhenEveryProviderFailedAnd400WhenTheRequestWasAtFault() {
        LlmResponse outage = response(ResponseStatus.FAILED).setError("every model failed")
                .setAttempts(List.of(attempt(AttemptOutcome.UNAVAILABLE), attempt(AttemptOutcome.RATE_LIMITED))).build();
        LlmResponse tooLong = response(ResponseStatus.FAILED).setError("context too long")
                .setAttempts(List.of(attempt(AttemptOutcome.CONTEXT_TOO_LONG))).build();

        ChatResponseMapper.Reply unavailable = ChatResponseMapper.reply(REQUEST, outage);
        ChatResponseMapper.Reply rejected = ChatResponseMapper.reply(REQUEST, tooLong);

        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.body().at("/error/code").asText()).isEqualTo("providers_unavailable");
        assertThat(unavailable.body().at("/error/message").asText()).contains("2 attempts");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body().at("/error/code").asText()).isEqualTo("context_length_exceeded");
    }
}
