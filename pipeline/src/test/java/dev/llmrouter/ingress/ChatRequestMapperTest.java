package dev.llmrouter.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrouter.pricing.PriceCatalog;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Role;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatRequestMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-24T01:00:00Z");

    private final ChatRequestMapper mapper = new ChatRequestMapper(new ModelDirectory(PriceCatalog.load()), "anonymous");

    private PromptRequest map(String body, Map<String, String> headers) throws Exception {
        return mapper.map(JSON.readTree(body), name -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null), "req-1", NOW);
    }

    private PromptRequest map(String body) throws Exception {
        return map(body, Map.of());
    }

    private ApiError errorOf(String body) {
        try {
            map(body);
        } catch (ApiError.Failure failure) {
            return failure.error();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no error for " + body);
    }

    @Test
    void shouldMapMessagesLimitsAndUserOfAnOpenAiRequest() throws Exception {
        PromptRequest request = map("""
                {"model": "auto", "user": "alice", "max_tokens": 300, "temperature": 0.7,
                 "messages": [{"role": "system", "content": "Be brief."}, {"role": "developer", "content": "No emojis."},
                              {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"},
                              {"role": "user", "content": [{"type": "text", "text": "What is"}, {"type": "text", "text": "2+2?"}]}],
                 "metadata": {"feature": "chat"}, "top_p": 0.9}""");

        assertThat(request.getRequestId()).isEqualTo("req-1");
        assertThat(request.getUserId()).isEqualTo("alice");
        assertThat(request.getSystemPrompt()).isEqualTo("Be brief.\n\nNo emojis.");
        assertThat(request.getMessages()).extracting(m -> m.getRole() + ":" + m.getContent())
                .containsExactly("USER:Hi", "ASSISTANT:Hello!", "USER:What is\n2+2?");
        assertThat(request.getMaxOutputTokens()).isEqualTo(300);
        assertThat(request.getTemperature()).isEqualTo(0.7);
        assertThat(request.getHints()).isNull();
        assertThat(request.getCreatedAt()).isEqualTo(NOW);
        assertThat(request.getMetadata()).containsEntry("feature", "chat").containsEntry("source", "openai-ingress")
                .containsEntry("requested_model", "auto");
    }

    @Test
    void shouldPreferMaxCompletionTokensAndFallBackToTheDefaultUser() throws Exception {
        PromptRequest request = map("""
                {"model": "auto", "max_tokens": 10, "max_completion_tokens": 20, "messages": [{"role": "user", "content": "Hi"}]}""");

        assertThat(request.getMaxOutputTokens()).isEqualTo(20);
        assertThat(request.getUserId()).isEqualTo("anonymous");
    }

    @Test
    void shouldTakeTheRequestedModelsTierAsTheLowestTier() throws Exception {
        assertThat(map("{\"model\": \"gpt-5\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}").getHints().getMinTier())
                .isEqualTo(Tier.PREMIUM);
        assertThat(map("{\"model\": \"openai/gpt-4.1-nano\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}").getHints().getMinTier())
                .isEqualTo(Tier.ECONOMY);
        assertThat(map("{\"model\": \"Standard\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}").getHints().getMinTier())
                .isEqualTo(Tier.STANDARD);
        assertThat(map("{\"model\": \"my-finetune-v3\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}").getHints()).isNull();
    }

    @Test
    void shouldTakeHintsFromHeadersOverExtraFields() throws Exception {
        PromptRequest request = map("""
                {"model": "economy", "user": "body-user", "session_id": "s-1", "tenant": "acme", "min_tier": "standard",
                 "task_type": "code", "latency_budget_ms": 5000, "response_format": {"type": "json_object"},
                 "messages": [{"role": "user", "content": "Hi"}]}""",
                Map.of("X-LLM-Router-User", "header-user", "X-LLM-Router-Min-Tier", "premium", "X-LLM-Router-Task-Type", "MATH"));

        assertThat(request.getUserId()).isEqualTo("header-user");
        assertThat(request.getSessionId()).isEqualTo("s-1");
        assertThat(request.getTenant()).isEqualTo("acme");
        assertThat(request.getHints().getMinTier()).isEqualTo(Tier.PREMIUM);
        assertThat(request.getHints().getTaskType()).isEqualTo(TaskCategory.MATH);
        assertThat(request.getHints().getLatencyBudgetMs()).isEqualTo(5000);
        assertThat(request.getHints().getResponseFormat()).isEqualTo("json");
    }

    @Test
    void shouldKeepTheHigherOfTheModelsTierAndTheMinTierHint() throws Exception {
        PromptRequest request = map("{\"model\": \"premium\", \"min_tier\": \"economy\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

        assertThat(request.getHints().getMinTier()).isEqualTo(Tier.PREMIUM);
    }

    @Test
    void shouldRefuseWhatTheRouterCannotHonourNamingTheField() {
        String user = "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]";
        assertThat(errorOf("{\"stream\": \"yes\", " + user + "}")).extracting(ApiError::code, ApiError::param)
                .containsExactly("invalid_value", "stream");
        assertThat(errorOf("{\"n\": 2, " + user + "}").param()).isEqualTo("n");
        assertThat(errorOf("{\"tools\": [{\"type\": \"function\"}], " + user + "}").param()).isEqualTo("tools");
        assertThat(errorOf("{\"response_format\": {\"type\": \"json_schema\"}, " + user + "}").param()).isEqualTo("response_format");
        assertThat(errorOf("{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}").param())
                .isEqualTo("messages[0].content");
    }

    @Test
    void shouldAcceptAStreamingRequestAndReadWhetherItWantsTheUsage() throws Exception {
        String body = "{\"stream\": true, \"stream_options\": {\"include_usage\": true}, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}";

        PromptRequest request = map(body);
        ChatRequestMapper.Streaming streaming = ChatRequestMapper.Streaming.of(JSON.readTree(body));

        assertThat(request.getMessages()).hasSize(1);
        assertThat(streaming).isEqualTo(new ChatRequestMapper.Streaming(true, true));
        assertThat(ChatRequestMapper.Streaming.of(JSON.readTree("{}"))).isEqualTo(new ChatRequestMapper.Streaming(false, false));
    }

    @Test
    void shouldAcceptEmptyToolListsAndNoStreaming() throws Exception {
        PromptRequest request = map("{\"stream\": false, \"n\": 1, \"tools\": [], \"tool_choice\": \"none\", "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

        assertThat(request.getMessages()).hasSize(1);
    }

    @Test
    void shouldRefuseInvalidValuesWithA400NamingTheField() {
        String user = "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]";
        assertThat(errorOf("{\"temperature\": 3, " + user + "}").param()).isEqualTo("temperature");
        assertThat(errorOf("{\"max_tokens\": 0, " + user + "}").param()).isEqualTo("max_tokens");
        assertThat(errorOf("{\"max_completion_tokens\": 1.5, " + user + "}").param()).isEqualTo("max_completion_tokens");
        assertThat(errorOf("{\"min_tier\": \"gold\", " + user + "}").message()).contains("economy", "standard", "premium");
        assertThat(errorOf("{\"task_type\": \"poetry\", " + user + "}").param()).isEqualTo("task_type");
        assertThat(errorOf("{\"latency_budget_ms\": -1, " + user + "}").param()).isEqualTo("latency_budget_ms");
        assertThat(errorOf("{\"user\": 42, " + user + "}").param()).isEqualTo("user");
        assertThat(errorOf("{\"metadata\": {\"n\": 1}, " + user + "}").param()).isEqualTo("metadata.n");
        assertThat(errorOf("{\"messages\": []}").param()).isEqualTo("messages");
        assertThat(errorOf("{\"messages\": [{\"role\": \"wizard\", \"content\": \"Hi\"}]}").param()).isEqualTo("messages[0].role");
        assertThat(errorOf("{\"messages\": [{\"role\": \"user\", \"content\": \"  \"}]}").param()).isEqualTo("messages[0].content");
        assertThat(errorOf("{\"messages\": [{\"role\": \"system\", \"content\": \"Be nice\"}]}").message()).contains("user message");
        assertThat(errorOf("[1, 2]").code()).isEqualTo("invalid_json");
        assertThat(errorOf("{\"temperature\": 3, " + user + "}").status()).isEqualTo(400);
    }

    @Test
    void shouldKeepSystemMessagesAfterTheConversationStartedInPlace() throws Exception {
        PromptRequest request = map("""
                {"messages": [{"role": "user", "content": "Hi"}, {"role": "system", "content": "Now answer in French."},
                              {"role": "user", "content": "Thanks"}]}""");

        assertThat(request.getSystemPrompt()).isNull();
        assertThat(request.getMessages()).extracting(m -> m.getRole()).containsExactly(Role.USER, Role.SYSTEM, Role.USER);
    }

    @Test
    void shouldBuildAnOpenAiErrorBody() {
        JsonNode body = ApiError.badRequest("invalid_value", "temperature", "bad").body();

        assertThat(body.toString()).isEqualTo(
                "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"invalid_value\"}}");
    }
}
