package dev.llmrouter.classify;

import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Role;

/** The text of a request as the models see it, and its token estimate. */
public final class PromptText {

    private PromptText() {
    }

    /** The last user message: what the classifier judges. */
    public static String lastUserMessage(PromptRequest request) {
        var messages = request.getMessages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage message = messages.get(i);
            if (message.getRole() == Role.USER) {
                return message.getContent();
            }
        }
        return messages.isEmpty() ? "" : messages.getLast().getContent();
    }

    /** Characters of every input the provider bills: system prompt and all messages. */
    public static long inputChars(PromptRequest request) {
        long chars = request.getSystemPrompt() == null ? 0 : request.getSystemPrompt().length();
        for (ChatMessage message : request.getMessages()) {
            chars += message.getContent().length();
        }
        return chars;
    }

    /** The usual rough estimate of four characters per token, rounded up. */
    public static int estimateTokens(long chars) {
        return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
    }
}
