package dev.llmrouter.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.RequestHints;
import dev.llmrouter.schema.Role;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Turns an OpenAI chat-completions request into a {@link PromptRequest}. Fields the router cannot honour
 * (several choices, tool calls, non-text content, JSON schemas) are refused with a 400 naming
 * the field rather than ignored; sampling settings it does not pass on ({@code top_p}, penalties, ...)
 * are ignored as an OpenAI-compatible server may.
 *
 * <p>Routing hints come as extra body fields or as headers (a header wins, so a gateway in front can set
 * them): user ({@code user}, {@value #USER_HEADER}), session ({@code session_id}, {@value #SESSION_HEADER}),
 * tenant ({@code tenant}, {@value #TENANT_HEADER}), lowest tier ({@code min_tier}, {@value #MIN_TIER_HEADER}),
 * task type ({@code task_type}, {@value #TASK_TYPE_HEADER}) and latency budget ({@code latency_budget_ms},
 * {@value #LATENCY_BUDGET_HEADER}).
 */
public final class ChatRequestMapper {

    public static final String USER_HEADER = "X-LLM-Router-User";
    public static final String SESSION_HEADER = "X-LLM-Router-Session";
    public static final String TENANT_HEADER = "X-LLM-Router-Tenant";
    public static final String MIN_TIER_HEADER = "X-LLM-Router-Min-Tier";
    public static final String TASK_TYPE_HEADER = "X-LLM-Router-Task-Type";
    public static final String LATENCY_BUDGET_HEADER = "X-LLM-Router-Latency-Budget-Ms";
    /** Metadata entries the ingress adds to every request, for analytics. */
    public static final String SOURCE_METADATA = "source";
    public static final String REQUESTED_MODEL_METADATA = "requested_model";

    private final ModelDirectory models;
    private final String defaultUser;

    public ChatRequestMapper(ModelDirectory models, String defaultUser) {
        this.models = models;
        this.defaultUser = defaultUser;
    }

    /**
     * @param body      the parsed request body
     * @param headers   request header lookup (case-insensitive), null when absent
     * @param requestId the id the request gets
     * @throws ApiError.Failure with a 400 error naming the field at fault
     */
    public PromptRequest map(JsonNode body, UnaryOperator<String> headers, String requestId, Instant now) {
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("invalid_json", null, "The request body must be a JSON object.").asFailure();
        }
        refuseUnsupported(body);
        Conversation conversation = conversation(body.path("messages"));
        String model = optionalText(body, "model");
        Map<String, String> metadata = metadata(body.path("metadata"));
        metadata.put(SOURCE_METADATA, "openai-ingress");
        metadata.put(REQUESTED_MODEL_METADATA, model == null ? ModelDirectory.AUTO : model);
        return PromptRequest.newBuilder()
                .setRequestId(requestId)
                .setUserId(firstOf(headers.apply(USER_HEADER), optionalText(body, "user"), defaultUser))
                .setSessionId(firstOf(headers.apply(SESSION_HEADER), optionalText(body, "session_id"), null))
                .setTenant(firstOf(headers.apply(TENANT_HEADER), optionalText(body, "tenant"), null))
                .setSystemPrompt(conversation.systemPrompt())
                .setMessages(conversation.messages())
                .setMaxOutputTokens(maxTokens(body))
                .setTemperature(temperature(body))
                .setHints(hints(body, headers, model))
                .setCreatedAt(now)
                .setMetadata(metadata)
                .build();
    }

    /**
     * Whether the client asked for a stream ({@code "stream": true}) and, if so, whether its last chunk should
     * carry the token usage ({@code "stream_options": {"include_usage": true}}).
     */
    public record Streaming(boolean requested, boolean includeUsage) {

        public static Streaming of(JsonNode body) {
            return new Streaming(body.path("stream").asBoolean(false), body.path("stream_options").path("include_usage").asBoolean(false));
        }
    }

    private static void refuseUnsupported(JsonNode body) {
        JsonNode stream = body.path("stream");
        if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
            throw ApiError.badRequest("invalid_value", "stream", "\"stream\" must be true or false.").asFailure();
        }
        JsonNode n = body.path("n");
        if (!n.isMissingNode() && !n.isNull() && n.asInt(-1) != 1) {
            throw ApiError.badRequest("unsupported_parameter", "n", "The router returns exactly one choice: \"n\" must be 1.").asFailure();
        }
        for (String field : List.of("tools", "functions", "tool_choice", "function_call")) {
            JsonNode value = body.path(field);
            if (!value.isMissingNode() && !value.isNull() && !(value.isArray() && value.isEmpty()) && !"none".equals(value.asText())) {
                throw ApiError.badRequest("unsupported_parameter", field,
                        "Tool calling is not supported by the router; send the request without \"" + field + "\".").asFailure();
            }
        }
    }

    private record Conversation(String systemPrompt, List<ChatMessage> messages) {
    }

    /** Leading system (and developer) messages become the system prompt, which providers can cache; the rest keep their order. */
    private static Conversation conversation(JsonNode messages) {
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiError.badRequest("invalid_value", "messages", "\"messages\" must be a non-empty array of chat messages.").asFailure();
        }
        List<String> system = new ArrayList<>();
        List<ChatMessage> conversation = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            if (!message.isObject()) {
                throw ApiError.badRequest("invalid_value", param, param + " must be an object with \"role\" and \"content\".").asFailure();
            }
            Role role = role(message.path("role").asText(""), param + ".role");
            String content = content(message.path("content"), param + ".content");
            if (role == Role.SYSTEM && conversation.isEmpty()) {
                system.add(content);
            } else {
                conversation.add(new ChatMessage(role, content));
            }
        }
        if (conversation.stream().noneMatch(m -> m.getRole() == Role.USER)) {
            throw ApiError.badRequest("invalid_value", "messages", "\"messages\" must contain at least one user message.").asFailure();
        }
        return new Conversation(system.isEmpty() ? null : String.join("\n\n", system), conversation);
    }

    private static Role role(String role, String param) {
        return switch (role) {
            case "system", "developer" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "tool", "function" -> Role.TOOL;
            default -> throw ApiError.badRequest("invalid_value", param,
                    param + " is '" + role + "'; expected one of system, developer, user, assistant, tool.").asFailure();
        };
    }

    /** Text content: a string, or an array of text parts joined by newlines. */
    private static String content(JsonNode content, String param) {
        String text;
        if (content.isTextual()) {
            text = content.asText();
        } else if (content.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : content) {
                String type = part.path("type").asText("");
                if (!"text".equals(type) || !part.path("text").isTextual()) {
                    throw ApiError.badRequest("unsupported_content", param,
                            param + " has a '" + type + "' part; the router only passes text parts.").asFailure();
                }
                parts.add(part.path("text").asText());
            }
            text = String.join("\n", parts);
        } else {
            throw ApiError.badRequest("invalid_value", param, param + " must be a string or an array of text parts.").asFailure();
        }
        if (text.isBlank()) {
            throw ApiError.badRequest("invalid_value", param, param + " is empty.").asFailure();
        }
        return text;
    }

    private static Integer maxTokens(JsonNode body) {
        String field = body.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() <= 0) {
            throw ApiError.badRequest("invalid_value", field, "\"" + field + "\" must be a positive integer.").asFailure();
        }
        return value.intValue();
    }

    private static Double temperature(JsonNode body) {
        JsonNode value = body.path("temperature");
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > 2) {
            throw ApiError.badRequest("invalid_value", "temperature", "\"temperature\" must be a number from 0 to 2.").asFailure();
        }
        return value.doubleValue();
    }

    private RequestHints hints(JsonNode body, UnaryOperator<String> headers, String model) {
        Tier floor = models.floorOf(model).orElse(null);
        String minTierText = firstOf(headers.apply(MIN_TIER_HEADER), optionalText(body, "min_tier"), null);
        if (minTierText != null) {
            Tier asked = parse(Tier.class, minTierText, "min_tier", List.of(Tier.ECONOMY, Tier.STANDARD, Tier.PREMIUM));
            floor = floor == null || asked.ordinal() > floor.ordinal() ? asked : floor;
        }
        String taskText = firstOf(headers.apply(TASK_TYPE_HEADER), optionalText(body, "task_type"), null);
        TaskCategory task = taskText == null ? null : parse(TaskCategory.class, taskText, "task_type", Arrays.asList(TaskCategory.values()));
        Integer latencyBudget = latencyBudget(headers.apply(LATENCY_BUDGET_HEADER), body.path("latency_budget_ms"));
        String format = responseFormat(body.path("response_format"));
        if (floor == null && task == null && latencyBudget == null && format == null) {
            return null;
        }
        return new RequestHints(task, floor, latencyBudget, format);
    }

    private static Integer latencyBudget(String header, JsonNode field) {
        if (header == null && (field.isMissingNode() || field.isNull())) {
            return null;
        }
        try {
            int value = header != null ? Integer.parseInt(header.trim()) : field.canConvertToInt() && field.isIntegralNumber() ? field.intValue() : -1;
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("invalid_value", "latency_budget_ms", "\"latency_budget_ms\" must be a positive integer.").asFailure();
    }

    private static String responseFormat(JsonNode format) {
        if (format.isMissingNode() || format.isNull()) {
            return null;
        }
        return switch (format.path("type").asText("")) {
            case "text" -> null;
            case "json_object" -> "json";
            case "json_schema" -> throw ApiError.badRequest("unsupported_parameter", "response_format",
                    "\"json_schema\" response formats are not supported by the router; use {\"type\": \"json_object\"}.").asFailure();
            default -> throw ApiError.badRequest("invalid_value", "response_format",
                    "\"response_format.type\" must be \"text\" or \"json_object\".").asFailure();
        };
    }

    private static Map<String, String> metadata(JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw ApiError.badRequest("invalid_value", "metadata", "\"metadata\" must be an object of strings.").asFailure();
        }
        node.properties().forEach(entry -> {
            if (!entry.getValue().isTextual()) {
                throw ApiError.badRequest("invalid_value", "metadata." + entry.getKey(), "metadata values must be strings.").asFailure();
            }
            metadata.put(entry.getKey(), entry.getValue().asText());
        });
        return metadata;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String text, String param, List<E> allowed) {
        for (E value : allowed) {
            if (value.name().equalsIgnoreCase(text.trim())) {
                return value;
            }
        }
        throw ApiError.badRequest("invalid_value", param, "\"" + param + "\" is '" + text + "'; expected one of "
                + allowed.stream().map(v -> v.name().toLowerCase(Locale.ROOT)).toList() + ".").asFailure();
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest("invalid_value", field, "\"" + field + "\" must be a string.").asFailure();
        }
        return value.asText().isBlank() ? null : value.asText();
    }

    private static String firstOf(String first, String second, String fallback) {
        if (first != null && !first.isBlank()) {
            return first.trim();
        }
        return second != null ? second : fallback;
    }

    /** The request's model field, for the response when no model answered. */
    static Optional<String> requestedModel(PromptRequest request) {
        return Optional.ofNullable(request.getMetadata().get(REQUESTED_MODEL_METADATA));
    }
}
