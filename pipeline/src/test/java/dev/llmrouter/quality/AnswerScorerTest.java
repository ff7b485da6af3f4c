package dev.llmrouter.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class AnswerScorerTest {

    private static final String QUESTION = "Janet's ducks lay 16 eggs per day. She eats 3 and bakes with 4. She sells the rest at $2 each."
            + " How much does she make every day?";
    private static final String RIGHT = "She has 16 - 3 - 4 = <<16-3-4=9>>9 eggs left.\nShe makes 9 * 2 = $<<9*2=18>>18.\n#### 18";
    private static final String WRONG_ARITHMETIC = "She has 16 - 3 - 4 = <<16-3-4=8>>8 eggs left.\nShe makes 8 * 2 = $<<8*2=17>>17.\n#### 17";

    private final AnswerScorer scorer = AnswerScorer.bundled();

    @Test
    void shouldRateAConsistentAnswerAboveOneWithWrongArithmetic() {
        assertThat(scorer.score(QUESTION, RIGHT, "stop", null)).isGreaterThan(scorer.score(QUESTION, WRONG_ARITHMETIC, "stop", null) + 0.2);
    }

    @Test
    void shouldCountTheWrongCalculationsAnAnswerShows() {
        double[] right = AnswerFeatures.extract(QUESTION, RIGHT);
        double[] wrong = AnswerFeatures.extract(QUESTION, WRONG_ARITHMETIC);
        int index = AnswerFeatures.NAMES.indexOf("wrong_calculations");

        assertThat(right[index]).isZero();
        assertThat(wrong[index]).isGreaterThanOrEqualTo(2);
        assertThat(wrong[AnswerFeatures.NAMES.indexOf("no_final_answer")]).isZero();
    }

    @Test
    void shouldCountAPercentageAsUsedWhenTheAnswerUsesItsComplement() {
        String question = "A coat costs $80 with a 25% discount. What is the price?";
        int unused = AnswerFeatures.NAMES.indexOf("any_prompt_number_unused");

        assertThat(AnswerFeatures.extract(question, "80 * 0.75 = 60\n#### 60")[unused]).isZero();
        assertThat(AnswerFeatures.extract(question, "The price is 80.\n#### 80")[unused]).isEqualTo(1);
    }

    @Test
    void shouldFailEmptyAnswersAndInvalidJsonWhenJsonWasAsked() {
        assertThat(scorer.score(QUESTION, "  ", "stop", null)).isZero();
        assertThat(scorer.score("List the colours", "{\"colours\": [\"red\"", "stop", "json")).isZero();
        assertThat(scorer.score("Return the colours as JSON", "```json\n{\"colours\": [\"red\"]}\n```", "stop", null)).isPositive();
    }

    @Test
    void shouldCapTruncatedAnswersAndRefusals() {
        assertThat(scorer.score(QUESTION, RIGHT, "length", null)).isLessThanOrEqualTo(AnswerScorer.TRUNCATED_CEILING);
        assertThat(scorer.score(QUESTION, "I'm sorry, but I cannot help with that.", "stop", null))
                .isLessThanOrEqualTo(AnswerScorer.REFUSAL_CEILING);
    }

    @Test
    void shouldEvaluateTheArithmeticAnswersShow() {
        assertThat(Arithmetic.eval("1,200 x 3 + (4 - 1) / 2")).isEqualTo(OptionalDouble.of(3601.5));
        assertThat(Arithmetic.eval("2^3 * 50%")).isEqualTo(OptionalDouble.of(4));
        assertThat(Arithmetic.eval("3 apples")).isEmpty();
        assertThat(Arithmetic.eval("1 / 0")).isEmpty();
    }

    @Test
    void shouldFitALogisticRegressionThatSeparatesTheClasses() {
        double[][] x = {{0}, {0.1}, {0.2}, {0.8}, {0.9}, {1}};
        double[] y = {0, 0, 0, 1, 1, 1};

        Logistic model = Logistic.fit(x, y, 0.1);

        assertThat(model.probability(new double[] {0.05})).isLessThan(0.2);
        assertThat(model.probability(new double[] {0.95})).isGreaterThan(0.8);
    }
}
