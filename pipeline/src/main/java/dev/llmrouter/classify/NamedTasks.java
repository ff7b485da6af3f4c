package dev.llmrouter.classify;

import dev.llmrouter.schema.TaskCategory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kind of work a prompt names outright: "translate", "summarise", "write a poem", a code fence.
 * One hash lookup per word, so it costs next to nothing beside the topic model; the words are a subset of
 * {@link FeatureClassifier}'s keyword families, without those that benchmark questions use in passing
 * ("function", "explain", "what is").
 */
final class NamedTasks {

    private static final Map<String, TaskCategory> WORDS = new HashMap<>();

    static {
        for (String word : List.of("#code", "python", "javascript", "typescript", "sql", "regex", "refactor", "stacktrace", "kotlin", "golang")) {
            WORDS.put(word, TaskCategory.CODE);
        }
        for (String word : List.of("translate", "translation", "translated")) {
            WORDS.put(word, TaskCategory.TRANSLATION);
        }
        for (String word : List.of("summarize", "summarise", "summary", "tldr")) {
            WORDS.put(word, TaskCategory.SUMMARIZATION);
        }
        for (String word : List.of("extract", "json")) {
            WORDS.put(word, TaskCategory.EXTRACTION);
        }
        for (String word : List.of("classify", "categorize", "categorise", "sentiment")) {
            WORDS.put(word, TaskCategory.CLASSIFICATION);
        }
        for (String word : List.of("poem", "haiku", "limerick", "slogan", "song", "lyrics")) {
            WORDS.put(word, TaskCategory.CREATIVE);
        }
    }

    private NamedTasks() {
    }

    /** The category of the first word that names a task, if any. */
    static Optional<TaskCategory> of(List<String> tokens) {
        for (String token : tokens) {
            TaskCategory category = WORDS.get(token);
            if (category != null) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }
}
