package dev.llmrouter.provider.http;

/** A provider's complete HTTP answer, whatever its status: status, headers, body as text. */
public record HttpAnswer(int status, ResponseHeaders headers, String body) {
}
