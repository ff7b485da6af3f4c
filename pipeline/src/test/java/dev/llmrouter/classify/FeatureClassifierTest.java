package dev.llmrouter.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.support.Requests;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FeatureClassifierTest {

    private final FeatureClassifier classifier = new FeatureClassifier();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Write a Python function that parses dates|CODE",
            "Translate 'thank you' into German|TRANSLATION",
            "Summarize this article in one sentence|SUMMARIZATION",
            "Extract all names as JSON from the text|EXTRACTION",
            "Classify the sentiment of this tweet|CLASSIFICATION",
            "Solve 3x + 5 = 20|MATH",
            "Write a haiku about snow|CREATIVE",
            "Explain why bridges have expansion joints|REASONING",
            "What is the capital of Peru?|KNOWLEDGE",
            "I had a nice weekend|CHAT"})
    void shouldNameTheTaskCategoryFromItsKeywords(String prompt, TaskCategory expected) {
        assertThat(classifier.classify(Requests.prompt("u", prompt)).getCategory()).isEqualTo(expected);
    }

    @Test
    void shouldRateGreetingsLowWithAHighCheapTierScore() {
        Classification result = classifier.classify(Requests.prompt("u", "Hello!"));

        assertThat(result.getComplexity()).isEqualTo(Complexity.LOW);
        assertThat(result.getScore()).isGreaterThan(0.9);
    }

    @Test
    void shouldRateLongMultiStepDesignQuestionsHigh() {
        Classification result = classifier.classify(Requests.prompt("u",
                "Design a distributed, concurrent cache in Java. It must tolerate node loss and ensure at most one writer. "
                        + "Derive the consistency model, plan the failure handling step by step and list the edge cases."));

        assertThat(result.getComplexity()).isEqualTo(Complexity.HIGH);
        assertThat(result.getScore()).isLessThan(0.35);
    }

    @Test
    void shouldEstimateInputTokensFromAllBilledText() {
        var request = Requests.prompt("u", "x".repeat(400));
        request.setSystemPrompt("y".repeat(400));

        assertThat(classifier.classify(request).getEstimatedInputTokens()).isEqualTo(200);
    }
}
