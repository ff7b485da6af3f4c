package dev.llmrouter.opinion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.opinion.RatingPrompt.Verdict;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Role;
import dev.llmrouter.support.Requests;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RatingPromptTest {

    private static final ModelRef RATER = new ModelRef("openai", "nano");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "EASY|EASY", "easy|EASY", "HARD.|HARD", "**Hard**|HARD", "> EASY <|EASY",
            "EASY - a lookup, though HARD for some|EASY", "I would say this is hard.|HARD", "Answer: Easy|EASY"})
    void shouldReadTheVerdictFromAReply(String reply, Verdict expected) {
        assertThat(RatingPrompt.parse(reply)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"I cannot tell.", "Not easy, not hard either", "EASYGOING", "''"})
    void shouldFindNoVerdictInAReplyWithoutExactlyOne(String reply) {
        assertThat(RatingPrompt.parse(reply)).isEmpty();
    }

    @Test
    void shouldFindNoVerdictInNoReply() {
        assertThat(RatingPrompt.parse(null)).isEqualTo(Optional.empty());
    }

    @Test
    void shouldAskTheRaterAboutTheLastUserMessageOnlyWithOneWordOfOutput() {
        PromptRequest original = Requests.prompt("ada", "What is 2 + 2?");
        original.setSystemPrompt("internal instructions of the customer");

        PromptRequest rating = RatingPrompt.request(original);

        assertThat(rating.getSystemPrompt()).isEqualTo(RatingPrompt.INSTRUCTIONS).contains("EASY").contains("HARD");
        assertThat(rating.getMessages()).singleElement().satisfies(m -> assertThat(m.getContent()).isEqualTo("What is 2 + 2?"));
        assertThat(rating.getMaxOutputTokens()).isEqualTo(RatingPrompt.MAX_OUTPUT_TOKENS);
        assertThat(rating.getRequestId()).isEqualTo(original.getRequestId());
    }

    @Test
    void shouldKeyEqualPromptsAlikeWhateverTheirSpacing() {
        PromptRequest a = Requests.prompt("ada", "What is  2 + 2?\n");
        PromptRequest b = Requests.prompt("bob", " What is 2 + 2?");

        assertThat(RatingPrompt.cacheKey(a, RATER)).isEqualTo(RatingPrompt.cacheKey(b, RATER)).hasSize(64);
    }

    @Test
    void shouldKeyDifferentSystemPromptsMessagesAndRatersApart() {
        PromptRequest base = Requests.prompt("ada", "What is 2 + 2?");
        PromptRequest withSystem = PromptRequest.newBuilder(base).setSystemPrompt("be brief").build();
        PromptRequest asAssistant = PromptRequest.newBuilder(base)
                .setMessages(List.of(new ChatMessage(Role.ASSISTANT, "What is 2 + 2?"))).build();

        assertThat(List.of(RatingPrompt.cacheKey(withSystem, RATER), RatingPrompt.cacheKey(asAssistant, RATER),
                RatingPrompt.cacheKey(base, new ModelRef("openai", "other")))).doesNotContain(RatingPrompt.cacheKey(base, RATER))
                .doesNotHaveDuplicates();
    }
}
