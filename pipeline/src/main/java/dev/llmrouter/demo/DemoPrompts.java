package dev.llmrouter.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The demo's sample traffic, read from {@code demo/prompts.yaml}. */
public final class DemoPrompts {

    record Sample(String user, String session, String prompt) {
    }

    private DemoPrompts() {
    }

    static List<Sample> load() {
        try (InputStream in = DemoPrompts.class.getResourceAsStream("/demo/prompts.yaml")) {
            if (in == null) {
                throw new IllegalStateException("demo/prompts.yaml is missing from the classpath");
            }
            return new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<List<Sample>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The prompts alone, in order: varied tasks and difficulty, for benchmarks that need realistic text. */
    public static List<String> texts() {
        return load().stream().map(Sample::prompt).toList();
    }

    static PromptRequest toRequest(Sample sample, String requestId) {
        return PromptRequest.newBuilder()
                .setRequestId(requestId)
                .setUserId(sample.user())
                .setSessionId(sample.session())
                .setTenant("demo")
                .setSystemPrompt("You are a concise, accurate assistant.")
                .setMessages(List.of(new ChatMessage(Role.USER, sample.prompt())))
                .setCreatedAt(Instant.now())
                .setMetadata(Map.of("source", "demo"))
                .build();
    }
}
