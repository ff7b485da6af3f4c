package dev.llmrouter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gemini generateContent: {@code POST /v1beta/models/{model}:generateContent}, key in {@code x-goog-api-key}
 * or {@code ?key=}. Like the real API, a wrong key is a 400 {@code API_KEY_INVALID}, a missing one a 403.
 * The system instruction is the implicitly cached prefix; {@code promptTokenCount} includes cached tokens.
 */
final class GeminiDialect implements Dialect {

    private static final Pattern CHAT_PATH = Pattern.compile("/v1(?:beta)?/models/([^/:]+):generateContent");

    @Override
    public WireFormat format() {
        return WireFormat.GEMINI;
    }

    @Override
    public boolean isChat(String method, String path) {
        return "POST".equals(method) && CHAT_PATH.matcher(path).matches();
    }

    @Override
    public String apiKey(WireRequest request) {
        String header = request.header("x-goog-api-key");
        return header != null ? header : request.queryParameter("key");
    }

    @Override
    public SimRequest parse(WireRequest request, JsonNode body) throws InvalidRequestException {
        Matcher path = CHAT_PATH.matcher(request.path());
        if (!path.matches()) {
            throw new InvalidRequestException("Invalid path");
        }
        JsonNode contents = body.path("contents");
        if (!contents.isArray() || contents.isEmpty()) {
            throw new InvalidRequestException("* GenerateContentRequest.contents: contents is not specified");
        }
        JsonNode system = body.has("systemInstruction") ? body.get("systemInstruction") : body.path("system_instruction");
        String prefix = system.isMissingNode() ? null : parts(system);
        List<String> all = new ArrayList<>();
        if (prefix != null) {
            all.add(prefix);
        }
        String question = "";
        for (JsonNode content : contents) {
            String role = content.path("role").asText("user");
            if (!role.equals("user") && !role.equals("model")) {
                throw new InvalidRequestException("Please use a valid role: user, model.");
            }
            String text = parts(content);
            all.add(text);
            if (role.equals("user")) {
                question = text;
            }
        }
        JsonNode generation = body.path("generationConfig");
        boolean json = "application/json".equals(generation.path("responseMimeType").asText());
        return new SimRequest(path.group(1), String.join("\n", all), prefix,
                generation.path("maxOutputTokens").asInt(0), json, question);
    }

    @Override
    public Reply answer(SimRequest request, SimAnswer answer) {
        ObjectNode candidate = Dialect.object();
        if (answer.finish() == SimAnswer.Finish.REFUSAL) {
            candidate.put("finishReason", "SAFETY");
            ArrayNode ratings = candidate.putArray("safetyRatings");
            ratings.addObject().put("category", "HARM_CATEGORY_DANGEROUS_CONTENT").put("probability", "HIGH")
                    .put("blocked", true);
        } else {
            ObjectNode content = candidate.putObject("content");
            content.putArray("parts").addObject().put("text", answer.text());
            content.put("role", "model");
            candidate.put("finishReason", answer.finish() == SimAnswer.Finish.LENGTH ? "MAX_TOKENS" : "STOP");
        }
        candidate.put("index", 0);
        ObjectNode body = Dialect.object();
        body.putArray("candidates").add(candidate);
        ObjectNode usage = body.putObject("usageMetadata")
                .put("promptTokenCount", answer.inputTokens())
                .put("candidatesTokenCount", answer.outputTokens())
                .put("totalTokenCount", answer.inputTokens() + answer.outputTokens());
        if (answer.cacheReadTokens() > 0) {
            usage.put("cachedContentTokenCount", answer.cacheReadTokens());
        }
        usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT")
                .put("tokenCount", answer.inputTokens());
        if (answer.cacheReadTokens() > 0) {
            usage.putArray("cacheTokensDetails").addObject().put("modality", "TEXT")
                    .put("tokenCount", answer.cacheReadTokens());
        }
        body.put("modelVersion", request.model()).put("responseId", Dialect.randomId());
        return Reply.json(200, body);
    }

    @Override
    public Reply error(Failure failure) {
        return switch (failure.problem()) {
            case MISSING_KEY -> error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers"
                    + " without established identity). Please use API Key or other form of API consumer identity to"
                    + " call this API.", null);
            case INVALID_KEY -> {
                ObjectNode info = Dialect.object().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                        .put("reason", "API_KEY_INVALID").put("domain", "googleapis.com");
                info.putObject("metadata").put("service", "generativelanguage.googleapis.com");
                yield error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", info);
            }
            case NOT_FOUND -> error(404, "NOT_FOUND", "Requested entity was not found.", null);
            case BAD_REQUEST -> error(400, "INVALID_ARGUMENT", failure.message(), null);
            case RATE_LIMITED -> error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).",
                    Dialect.object().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                            .put("retryDelay", failure.retryAfterSeconds() + "s"));
            case QUOTA_EXHAUSTED -> {
                ObjectNode quota = Dialect.object().put("@type", "type.googleapis.com/google.rpc.QuotaFailure");
                quota.putArray("violations").addObject()
                        .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count")
                        .put("quotaId", "GenerateContentPaidTierInputTokensPerModelPerDay");
                yield error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and"
                        + " billing details. For more information on this error, head to:"
                        + " https://ai.google.dev/gemini-api/docs/rate-limits.", quota);
            }
            case CONTEXT_TOO_LONG -> error(400, "INVALID_ARGUMENT", "The input token count ("
                    + failure.promptTokens() + ") exceeds the maximum number of tokens allowed ("
                    + failure.contextWindow() + ").", null);
            case SERVER_ERROR -> error(500, "INTERNAL", "An internal error has occurred. Please retry or report in"
                    + " https://developers.generativeai.google/guide/troubleshooting", null);
            case OUTAGE -> error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", null);
        };
    }

    private static Reply error(int status, String grpcStatus, String message, ObjectNode detail) {
        ObjectNode error = Dialect.object().put("code", status).put("message", message).put("status", grpcStatus);
        if (detail != null) {
            error.putArray("details").add(detail);
        }
        ObjectNode body = Dialect.object();
        body.set("error", error);
        return Reply.json(status, Map.of(), body);
    }

    private static String parts(JsonNode content) throws InvalidRequestException {
        JsonNode parts = content.path("parts");
        if (!parts.isArray()) {
            throw new InvalidRequestException("* GenerateContentRequest.contents.parts: contents.parts must not be empty");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode part : parts) {
            texts.add(part.path("text").asText());
        }
        return String.join("\n", texts);
    }
}
