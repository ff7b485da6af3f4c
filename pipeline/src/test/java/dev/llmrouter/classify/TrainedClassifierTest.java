package dev.llmrouter.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.data.RouterBenchCsv;
import dev.llmrouter.data.Splits;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.support.Recorded;
import dev.llmrouter.support.Requests;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainedClassifierTest {

    /**
     * Trained on two templates, so any other wording lies outside its domain; the naive Bayes tests below
     * take the model without its domain cuts to see what the words alone give.
     */
    private static final TopicModel TEMPLATES = ClassifierTrainer.train(Recorded.twoTopics(40, 0), "test-v1");
    private final TrainedClassifier classifier = new TrainedClassifier(
            new TopicModel(TEMPLATES.file().withCuts(TEMPLATES.file().tierCuts(), null)));

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
    void shouldLeaveAPromptUnlikeItsTrainingDataToTheRules() {
        // given the bundled model, trained on exam questions and maths word problems
        TrainedClassifier bundled = TrainedClassifier.bundled();

        // when it classifies a greeting and a design brief
        Classification greeting = bundled.classify(Requests.prompt("ada", "Hello"));
        Classification design = bundled.classify(Requests.prompt("ada", "Design a distributed lock service in Java with fencing tokens, "
                + "and explain the failure handling step by step with edge cases."));

        // then the rules decide them, not the prior rate of the exam questions, and the version says so
        assertThat(greeting.getComplexity()).isEqualTo(Complexity.LOW);
        assertThat(greeting.getCategory()).isEqualTo(TaskCategory.CHAT);
        assertThat(design.getComplexity()).isEqualTo(Complexity.HIGH);
        assertThat(greeting.getClassifierVersion()).isEqualTo(bundled.version() + "/" + FeatureClassifier.VERSION);
        assertThat(greeting.getTopics()).isNotEmpty();
    }

    @Test
    void shouldKeepItsOwnVerdictOnPromptsLikeItsTrainingData() {
        TrainedClassifier bundled = TrainedClassifier.bundled();

        Classification wordProblem = bundled.classify(Requests.prompt("ada", "A baker makes 24 loaves a day and sells 3/4 of them at $4 each. "
                + "How much money does the baker make in a week?"));

        assertThat(wordProblem.getClassifierVersion()).isEqualTo(bundled.version());
        assertThat(wordProblem.getTopics()).containsKey("gsm8k");
    }

    @Test
    void shouldTrustItselfOnAlmostEveryUnseenPromptOfTheKindItWasTrainedOn() throws Exception {
        // given a model trained on half of the recorded MMLU questions
        Splits.Split split = Splits.split(RouterBenchCsv.read(Path.of("../data/mmlu.csv.gz")), 42, 0.5);
        TopicModel model = ClassifierTrainer.train(split.train(), "half-v1");

        // when it reads the other half
        long inDomain = split.test().prompts().stream()
                .filter(prompt -> model.inDomain(model.evaluate(TextFeatures.tokens(prompt.prompt()))))
                .count();

        // then the cuts (1st percentiles on held-back training prompts) keep nearly all of them
        assertThat((double) inDomain / split.test().prompts().size()).isGreaterThan(0.96);
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
