package dev.llmrouter.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The demo's request through the OpenAI-compatible ingress, sent as any OpenAI client would send it. */
final class IngressDemo {

    static final String USER = "openai";

    private static final String BODY = """
            {"model": "auto", "user": "%s", "max_tokens": 200,
             "messages": [{"role": "system", "content": "You are a concise, accurate assistant."},
                          {"role": "user", "content": "Summarize in one sentence why a durable log suits routing LLM requests."}]}"""
            .formatted(USER);

    private IngressDemo() {
    }

    /** Posts one chat completion to {@code baseUrl} and prints what came back; false when the pipeline did not answer it. */
    static boolean send(URI baseUrl, PrintStream out) throws IOException, InterruptedException {
        out.printf("%nPOST %s/chat/completions (model \"auto\", user \"%s\") ...%n", baseUrl, USER);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(response.body());
            if (response.statusCode() != 200) {
                out.printf("  HTTP %d: %s%n", response.statusCode(), body.at("/error/message").asText(response.body()));
                // A refusal or an invalid request is still an answer from the pipeline, and on the response topic.
                return response.headers().firstValue("x-llm-router-status").isPresent();
            }
            out.printf("  HTTP 200, model %s, tier %s, cost $%s, %d prompt + %d completion tokens%n",
                    body.path("model").asText(), header(response, "x-llm-router-tier"), header(response, "x-llm-router-cost-usd"),
                    body.at("/usage/prompt_tokens").asLong(), body.at("/usage/completion_tokens").asLong());
            String content = body.at("/choices/0/message/content").asText();
            out.printf("  \"%s\"%n", content.length() > 100 ? content.substring(0, 100) + "..." : content);
            return true;
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("-");
    }
}
