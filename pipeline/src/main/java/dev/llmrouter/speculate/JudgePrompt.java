package dev.llmrouter.speculate;

import dev.llmrouter.classify.PromptText;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Role;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LLM-judge mode of the scorer: asks a model to rate an answer from 0 to 10 and reads the rating.
 * The judge sees the user's question and the answer only, never the system prompt or other users' data.
 */
public final class JudgePrompt {

    /** Judge answers are one number; more is waste. */
    static final int MAX_OUTPUT_TOKENS = 8;
    private static final Pattern RATING = Pattern.compile("(?<![\\d.])(10|\\d)(?:\\.\\d+)?(?![\\d])");
    private static final String INSTRUCTIONS = "You grade answers. Reply with only a number from zero to ten: how likely the answer"
            + " below is correct and complete for the question (ten: certainly right, zero: wrong, refused or cut off).";

    private JudgePrompt() {
    }

    /** The request sent to the judge model, on behalf of the original request's user. */
    public static PromptRequest request(PromptRequest original, String answer) {
        String content = INSTRUCTIONS + "\n\nQuestion:\n" + PromptText.lastUserMessage(original) + "\n\nAnswer:\n" + answer;
        return PromptRequest.newBuilder(original)
                .setSystemPrompt(null)
                .setMessages(List.of(ChatMessage.newBuilder().setRole(Role.USER).setContent(content).build()))
                .setMaxOutputTokens(MAX_OUTPUT_TOKENS)
                .setTemperature(0.0)
                .setHints(null)
                .build();
    }

    /** The rating as 0..1, or empty when the reply holds no rating from 0 to 10. */
    public static OptionalDouble parse(String reply) {
        if (reply == null) {
            return OptionalDouble.empty();
        }
        Matcher m = RATING.matcher(reply);
        if (!m.find()) {
            return OptionalDouble.empty();
        }
        double value = Double.parseDouble(m.group());
        return value >= 0 && value <= 10 ? OptionalDouble.of(value / 10) : OptionalDouble.empty();
    }
}
