package dev.llmrouter.opinion;

import dev.llmrouter.classify.PromptText;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The second opinion's question to the rater model, its answer, and the prompt hash ratings are cached
 * under. The rater sees the instructions as its system prompt and the user's last message, never the
 * user's system prompt, so a rating neither leaks nor pays for a long shared prefix.
 */
public final class RatingPrompt {

    /** The rater's verdict on a prompt. */
    public enum Verdict { EASY, HARD }

    /**
     * A cap, not a price: the rater stops after its word. The room is for a model that adds markdown or a
     * short clause, which {@link #parse} reads past.
     */
    static final int MAX_OUTPUT_TOKENS = 16;
    /** Longer prompts are cut: the first part says what kind of task it is, the rest only costs. */
    static final int MAX_QUESTION_CHARS = 8_000;
    static final String INSTRUCTIONS = "You triage prompts for a model router. Can a small, cheap model answer the user's prompt below"
            + " as well as a frontier model? Answer with exactly one word: EASY if a small model answers it as well,"
            + " HARD if it needs a frontier model.";
    private static final Pattern LEADING = Pattern.compile("^[\\s\\p{Punct}]*(EASY|HARD)\\b");
    private static final Pattern ANY = Pattern.compile("\\b(EASY|HARD)\\b");

    private RatingPrompt() {
    }

    /** The rating request, on behalf of the original request's user. */
    public static PromptRequest request(PromptRequest original) {
        String question = PromptText.lastUserMessage(original);
        if (question.length() > MAX_QUESTION_CHARS) {
            question = question.substring(0, MAX_QUESTION_CHARS);
        }
        return PromptRequest.newBuilder(original)
                .setSystemPrompt(INSTRUCTIONS)
                .setMessages(List.of(ChatMessage.newBuilder().setRole(Role.USER).setContent(question).build()))
                .setMaxOutputTokens(MAX_OUTPUT_TOKENS)
                .setTemperature(0.0)
                .setHints(null)
                .build();
    }

    /**
     * The verdict in a reply: the word it starts with (after punctuation or markdown), else the only one of
     * EASY and HARD it contains, case-insensitive; empty when it holds neither or, past its start, both.
     */
    public static Optional<Verdict> parse(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        String text = reply.toUpperCase(Locale.ROOT);
        Matcher leading = LEADING.matcher(text);
        if (leading.find()) {
            return Optional.of(Verdict.valueOf(leading.group(1)));
        }
        Matcher any = ANY.matcher(text);
        Verdict found = null;
        while (any.find()) {
            Verdict verdict = Verdict.valueOf(any.group(1));
            if (found != null && found != verdict) {
                return Optional.empty();
            }
            found = verdict;
        }
        return Optional.ofNullable(found);
    }

    /**
     * The cache key of a prompt's rating: SHA-256 over the rater and the normalised prompt (system prompt
     * and every message with its role, whitespace collapsed, case kept), so prompts that differ only in
     * spacing share a rating and a different rater never reuses another's.
     */
    public static String cacheKey(PromptRequest request, ModelRef rater) {
        StringBuilder text = new StringBuilder(rater.getProvider()).append('/').append(rater.getModel()).append('\u0000');
        text.append(normalise(request.getSystemPrompt())).append('\u0000');
        for (ChatMessage message : request.getMessages()) {
            text.append(message.getRole()).append(':').append(normalise(message.getContent())).append('\u0000');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String normalise(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }
}
