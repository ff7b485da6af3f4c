package dev.llmrouter.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.support.Recorded;
import dev.llmrouter.support.Requests;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainedClassifierTest {

    private final TrainedClassifier classifier = new TrainedClassifier(ClassifierTrainer.train(Recorded.twoTopics(40, 0), "test-v1"));

    @Test
    void shouldNameTheTopicOfAnUnseenPromptFromItsWords() {
        Classification result = classifier.classify(Requests.prompt("ada", "Find every root of the quadratic polynomial x^2 - 9 = 0."));

        assertThat(result.getTopics()).containsKey("bench/algebra");
        assertThat(result.getTopics().get("bench/algebra")).isGreaterThan(0.9);
        assertThat(result.getCategory()).isEqualTo(TaskCategory.MATH);
        assertThat(result.getClassifierVersion()).isEqualTo("test-v1");
    }

    @Test
    void shouldScoreTheChanceThatTheCheapModelIsAsGood() {
        Classification history = classifier.classify(Requests.prompt("ada", "In which century did the empire of the dynasty end its treaty?"));
        Classification algebra = classifier.classify(Requests.prompt("ada", "Solve the quadratic equation and give each root of x^2 + 5x = 0."));

        // Recorded: the cheap model always matches the strong one on history, never on algebra.
        assertThat(history.getScore()).isGreaterThan(0.85);
        assertThat(algebra.getScore()).isLessThan(0.15);
        assertThat(history.getComplexity()).isEqualTo(Complexity.LOW);
        assertThat(algebra.getComplexity().ordinal()).isGreaterThan(history.getComplexity().ordinal());
    }

    @Test
    void shouldPreferTheTaskTheUserNamesOverTheTopicItResembles() {
        Classification result = classifier.classify(Requests.prompt("ada", "Translate into French: the empire of the dynasty ended."));

        assertThat(result.getCategory()).isEqualTo(TaskCategory.TRANSLATION);
    }

    @Test
    void shouldReadBackTheModelItWrote(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.json.gz");
        classifier.model().write(file);

        TrainedClassifier again = new TrainedClassifier(TopicModel.read(file));
        var request = Requests.prompt("ada", "Solve for the root of the polynomial.");

        assertThat(again.classify(request)).isEqualTo(classifier.classify(request));
    }

    @Test
    void shouldShipAModelTrainedOnTheRecordedBenchmarks() {
        TrainedClassifier bundled = TrainedClassifier.bundled();

        Classification math = bundled.classify(Requests.prompt("ada",
                "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did she sell altogether?"));
        Classification anatomy = bundled.classify(Requests.prompt("ada",
                "Which of the following bones forms part of the pelvic girdle?\nA. Femur\nB. Ilium\nC. Tibia\nD. Radius\nAnswer:"));

        assertThat(math.getTopics()).containsKey("gsm8k");
        assertThat(math.getCategory()).isEqualTo(TaskCategory.MATH);
        assertThat(anatomy.getTopics().keySet()).anyMatch(topic -> topic.startsWith("mmlu/"));
        assertThat(anatomy.getEstimatedInputTokens()).isPositive();
    }

    @Test
    void shouldPickTheLargestTopicsAsAFullSortWould() {
        // given posteriors with ties, fewer and more values than picked
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 500; round++) {
            double[] values = new double[random.nextInt(12)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(6) / 5.0;
            }
            int k = 1 + random.nextInt(5);

            // when the top k are selected
            int[] top = TrainedClassifier.topIndices(values, k);

            // then they are the first k of a stable sort, largest first
            int[] sorted = java.util.stream.IntStream.range(0, values.length).boxed()
                    .sorted((a, b) -> Double.compare(values[b], values[a])).mapToInt(Integer::intValue).limit(k).toArray();
            assertThat(top).as("top %d of %s", k, java.util.Arrays.toString(values)).containsExactly(sorted);
        }
    }
}
