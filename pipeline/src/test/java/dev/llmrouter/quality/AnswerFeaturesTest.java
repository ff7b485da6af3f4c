package dev.llmrouter.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnswerFeaturesTest {

    /** The patterns as they were before their first-letter look-ahead: the reference for what they match. */
    private static final Pattern REFUSAL_PLAIN = Pattern.compile(
            "\\b(i'?m sorry|i am sorry|i cannot|i can'?t (help|assist|answer)|as an ai\\b|i'?m (not able|unable) to|i do not have enough)");
    private static final Pattern HEDGE_PLAIN = Pattern.compile(
            "\\b(however|assum\\w*|approximately|actually|not possible|round(ed|ing)? (up|down)|unclear|i think|might be|it seems|can'?t be)\\b");
    private static final Pattern FINAL_PLAIN = Pattern.compile("(?i)(####|\\\\boxed\\{|the (final )?answer is|final answer:?|^answer:)",
            Pattern.MULTILINE);

    private static final List<String> PIECES = List.of("i'm sorry", "im sorry", "i am sorry", "i cannot", "i can't help", "i cant assist",
            "as an ai", "as an aid", "i'm not able to", "im unable to", "i do not have enough", "however", "assumed", "assuming",
            "approximately", "actually", "not possible", "rounded up", "rounding down", "round up", "unclear", "i think", "might be",
            "it seems", "can't be", "cant be", "####", "\\boxed{42}", "The answer is", "the final answer is", "Final Answer:", "answer:",
            "Answer:", "hi", "a", "i", "x", "42", "\n", " ", " ", ".", ",", "-", "_", "9i", "ai", "thought", "Ähnlich", "é");

    @Test
    void shouldMatchWhereThePatternsWithoutTheLookAheadMatch() {
        // given random texts built from the patterns' phrases, near misses and other characters
        for (String answer : generatedTexts(11, false)) {
            String lower = answer.toLowerCase(java.util.Locale.ROOT);

            // then each pattern finds the same matches at the same places as before
            assertThat(matches(AnswerFeatures.REFUSAL, lower)).as(lower).isEqualTo(matches(REFUSAL_PLAIN, lower));
            assertThat(matches(AnswerFeatures.HEDGE, lower)).as(lower).isEqualTo(matches(HEDGE_PLAIN, lower));
            assertThat(matches(AnswerFeatures.FINAL, answer)).as(answer).isEqualTo(matches(FINAL_PLAIN, answer));
        }
    }

    @Test
    void shouldFindWhatThePatternsAloneFindAlthoughTheyRunOnlyWhenTheirWordsAreThere() {
        // given random texts built from the patterns' phrases, near misses and other characters, in any case
        for (String answer : generatedTexts(17, true)) {
            String lower = answer.toLowerCase(java.util.Locale.ROOT);

            // then the gated checks agree with a plain search
            assertThat(AnswerFeatures.refuses(lower)).as(lower).isEqualTo(REFUSAL_PLAIN.matcher(lower).find());
            assertThat(AnswerFeatures.hedges(lower)).as(lower).isEqualTo(HEDGE_PLAIN.matcher(lower).find());
            List<String> finals = matches(FINAL_PLAIN, answer);
            int last = finals.isEmpty() ? -1 : Integer.parseInt(finals.getLast().split(":")[0]);
            assertThat(AnswerFeatures.lastFinalMarker(answer, lower)).as(answer).isEqualTo(last);
        }
    }

    @Test
    void shouldSeeAJsonRequestInAnyCaseAndNoneWithoutTheWord() {
        assertThat(AnswerScorer.wantsJson("Please respond with JSON only.", null)).isTrue();
        assertThat(AnswerScorer.wantsJson("Give it as Json", null)).isTrue();
        assertThat(AnswerScorer.wantsJson("a json object with the fields", null)).isTrue();
        assertThat(AnswerScorer.wantsJson("Respond with jsonl lines", null)).isFalse();
        assertThat(AnswerScorer.wantsJson("Respond in plain text", null)).isFalse();
        assertThat(AnswerScorer.wantsJson("json", null)).isFalse();
        assertThat(AnswerScorer.wantsJson("", "json_object")).isTrue();
    }

    /** 5,000 texts of up to 29 pieces each; with {@code mixedCase}, each piece upper-cased half the time. */
    private static List<String> generatedTexts(long seed, boolean mixedCase) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>();
        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                String piece = PIECES.get(random.nextInt(PIECES.size()));
                text.append(mixedCase && random.nextBoolean() ? piece.toUpperCase(java.util.Locale.ROOT) : piece);
            }
            texts.add(text.toString());
        }
        return texts;
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        for (Matcher m = pattern.matcher(text); m.find(); ) {
            found.add(m.start() + ":" + m.group());
        }
        return found;
    }
}
