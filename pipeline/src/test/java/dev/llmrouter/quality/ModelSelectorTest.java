package dev.llmrouter.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.classify.ClassifierTrainer;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.support.Recorded;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSelectorTest {

    private static final ModelRef CHEAP = new ModelRef("openai", "nano");
    private static final ModelRef STRONG = new ModelRef("openai", "big");
    private static final List<ModelSelector.Candidate> CANDIDATES = List.of(
            new ModelSelector.Candidate(CHEAP, "small"), new ModelSelector.Candidate(STRONG, "large"));
    /** 10 and 200 micro-dollars: the strong model costs 190 micro-dollars more. */
    private static final Map<ModelRef, Long> COSTS = Map.of(CHEAP, 10L, STRONG, 200L);

    private final QualityTable table = new QualityTable(ClassifierTrainer.train(Recorded.twoTopics(40, 0), "t").file());
    private final ModelSelector selector = new ModelSelector(table);

    @Test
    void shouldPickTheCheapModelWhereItIsExpectedToBeAsGood() {
        // Expected gain on history is about 0.06 quality points for 0.00019 USD: some 300 points per dollar.
        ModelSelector.Choice choice = selector.select(CANDIDATES, Map.of("bench/history", 1.0), COSTS::get, 1_000);

        assertThat(choice.primary()).isEqualTo(CHEAP);
        assertThat(choice.fallbacks()).containsExactly(STRONG);
        assertThat(choice.detail()).contains("openai/nano");
    }

    @Test
    void shouldPayForTheStrongModelWhenItsGainPerDollarClearsTheThreshold() {
        // Expected gain on algebra is close to 1 quality point for 0.00019 USD: over 5,000 points per dollar.
        assertThat(selector.select(CANDIDATES, Map.of("bench/algebra", 1.0), COSTS::get, 1_000).primary()).isEqualTo(STRONG);
        assertThat(selector.select(CANDIDATES, Map.of("bench/algebra", 1.0), COSTS::get, 100_000).primary()).isEqualTo(CHEAP);
    }

    @Test
    void shouldShiftTrafficToTheCheapModelOnceFeedbackShowsItMeetsTheBar() {
        Map<String, Double> algebra = Map.of("bench/algebra", 1.0);
        assertThat(selector.select(CANDIDATES, algebra, COSTS::get, 1_000).primary()).isEqualTo(STRONG);

        for (int i = 0; i < 200; i++) {
            table.observe("openai/nano", algebra, 1.0);
        }

        assertThat(table.expected("openai/nano", "small", algebra)).isGreaterThan(0.95);
        assertThat(selector.select(CANDIDATES, algebra, COSTS::get, 1_000).primary()).isEqualTo(CHEAP);
    }

    @Test
    void shouldLetRecentFeedbackOutweighOldOnceTheMemoryIsFull() {
        Map<String, Double> history = Map.of("bench/history", 1.0);
        for (int i = 0; i < 2 * (int) QualityTable.MEMORY; i++) {
            table.observe("openai/nano", history, 1.0);
        }
        for (int i = 0; i < (int) QualityTable.MEMORY; i++) {
            table.observe("openai/nano", history, 0.0);
        }

        assertThat(table.expected("openai/nano", "small", history)).isLessThan(0.45);
    }

    @Test
    void shouldStartAModelWithoutPriorAtTheMeanOfTheRecordedModels() {
        assertThat(table.expected("openai/new", null, Map.of("bench/history", 1.0))).isEqualTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
    }
}
