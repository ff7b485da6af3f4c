package dev.llmrouter.support;

import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Role;
import dev.llmrouter.schema.TaskCategory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders of test requests. */
public final class Requests {

    private Requests() {
    }

    public static PromptRequest prompt(String user, String text) {
        return PromptRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setUserId(user)
                .setSessionId(user + "-session")
                .setMessages(List.of(new ChatMessage(Role.USER, text)))
                .setCreatedAt(Instant.now())
                .setMetadata(Map.of())
                .build();
    }

    public static ClassifiedRequest classified(String user, Complexity complexity, TaskCategory category) {
        return new ClassifiedRequest(prompt(user, "a " + complexity + " " + category + " prompt"),
                Classification.newBuilder().setComplexity(complexity).setCategory(category).setScore(0.5)
                        .setEstimatedInputTokens(1_000).setClassifierVersion("test").build());
    }
}
