package dev.llmrouter.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Reproducible held-out splits in which no prompt text appears on both sides. */
public final class Splits {

    private Splits() {
    }

    /** A train part and a test part. */
    public record Split(RecordedSet train, RecordedSet test) {
    }

    /**
     * Groups prompts by their exact text (duplicates stay together), shuffles the groups with {@code seed}
     * and puts {@code testFraction} of the prompts into the test part.
     */
    public static Split split(RecordedSet set, long seed, double testFraction) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be between 0 and 1, not " + testFraction);
        }
        List<List<RecordedPrompt>> groups = groups(set.prompts());
        Collections.shuffle(groups, new Random(seed));
        long testTarget = Math.round(set.prompts().size() * testFraction);
        List<RecordedPrompt> train = new ArrayList<>();
        List<RecordedPrompt> test = new ArrayList<>();
        for (List<RecordedPrompt> group : groups) {
            (test.size() < testTarget ? test : train).addAll(group);
        }
        return new Split(set.withPrompts(train), set.withPrompts(test));
    }

    /** {@code k} folds for cross-validation, again keeping identical prompts in one fold. */
    public static List<Split> folds(RecordedSet set, int k, long seed) {
        List<List<RecordedPrompt>> groups = groups(set.prompts());
        Collections.shuffle(groups, new Random(seed));
        List<Split> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            List<RecordedPrompt> train = new ArrayList<>();
            List<RecordedPrompt> test = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                (g % k == f ? test : train).addAll(groups.get(g));
            }
            folds.add(new Split(set.withPrompts(train), set.withPrompts(test)));
        }
        return folds;
    }

    private static List<List<RecordedPrompt>> groups(List<RecordedPrompt> prompts) {
        Map<String, List<RecordedPrompt>> byText = new LinkedHashMap<>();
        for (RecordedPrompt prompt : prompts) {
            byText.computeIfAbsent(prompt.prompt(), text -> new ArrayList<>()).add(prompt);
        }
        return new ArrayList<>(byText.values());
    }
}
