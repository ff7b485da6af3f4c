package dev.llmrouter.speculate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.support.Requests;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class JudgePromptTest {

    @Test
    void shouldReadTheRatingFromTheJudgesReply() {
        assertThat(JudgePrompt.parse("8")).isEqualTo(OptionalDouble.of(0.8));
        assertThat(JudgePrompt.parse("Rating: 10/10")).isEqualTo(OptionalDouble.of(1.0));
        assertThat(JudgePrompt.parse("7.5")).isEqualTo(OptionalDouble.of(0.75));
        assertThat(JudgePrompt.parse("I would say 42")).isEmpty();
        assertThat(JudgePrompt.parse("no idea")).isEmpty();
    }

    @Test
    void shouldShowTheJudgeOnlyTheQuestionAndTheAnswer() {
        var original = Requests.prompt("ada", "What is 2 + 2?");
        original.setSystemPrompt("secret system instructions");

        var judged = JudgePrompt.request(original, "4");

        assertThat(judged.getSystemPrompt()).isNull();
        assertThat(judged.getUserId()).isEqualTo("ada");
        assertThat(judged.getMessages()).singleElement().satisfies(m -> assertThat(m.getContent()).contains("What is 2 + 2?").endsWith("Answer:\n4"));
        assertThat(judged.getMaxOutputTokens()).isEqualTo(JudgePrompt.MAX_OUTPUT_TOKENS);
    }
}
