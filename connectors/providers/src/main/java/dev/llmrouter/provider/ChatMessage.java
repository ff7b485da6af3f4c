package dev.llmrouter.provider;

import java.util.Objects;

/** One turn of a conversation, in provider-neutral form. */
public record ChatMessage(Role role, String content) {

    /** Who spoke. SYSTEM messages inside a conversation are merged into the system prompt where a provider has no such role. */
    public enum Role { SYSTEM, USER, ASSISTANT }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }
}
