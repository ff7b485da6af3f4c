package dev.llmrouter.support;

import dev.llmrouter.data.RecordedPrompt;
import dev.llmrouter.data.RecordedSet;
import java.util.ArrayList;
import java.util.List;

/**
 * A small synthetic recorded set with two models: on "history" prompts the cheap model is as good as
 * the strong one, on "algebra" prompts it is always wrong; the strong model is always right and costs
 * twenty times as much.
 */
public final class Recorded {

    public static final List<String> MODELS = List.of("small", "large");

    private Recorded() {
    }

    public static RecordedSet twoTopics(int perTopic, int offset) {
        List<RecordedPrompt> prompts = new ArrayList<>();
        for (int i = offset; i < offset + perTopic; i++) {
            prompts.add(new RecordedPrompt("h" + i, "Which empire did the king of dynasty " + i + " rule, and in which century did the treaty end?",
                    "bench/history", new double[] {1, 1}, new String[] {null, null}, new double[] {0.00001, 0.0002}));
            prompts.add(new RecordedPrompt("a" + i, "Solve the polynomial equation x^2 + " + i + "x = 0 and find every root of the quadratic.",
                    "bench/algebra", new double[] {0, 1}, new String[] {null, null}, new double[] {0.00001, 0.0002}));
        }
        return new RecordedSet(MODELS, prompts);
    }
}
