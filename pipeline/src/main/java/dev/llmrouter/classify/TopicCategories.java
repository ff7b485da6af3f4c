package dev.llmrouter.classify;

import dev.llmrouter.schema.TaskCategory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps a fine-grained training label (an {@code eval_name} such as {@code mmlu/college_mathematics} or
 * {@code gsm8k}) to the task category the policy's rules speak of. The first matching family wins;
 * labels no family names are knowledge questions.
 */
public final class TopicCategories {

    private static final Map<TaskCategory, Pattern> FAMILIES = new LinkedHashMap<>();

    static {
        FAMILIES.put(TaskCategory.MATH, Pattern.compile("gsm8k|math|algebra|statistic|arithmetic|calculus|geometry"));
        FAMILIES.put(TaskCategory.CODE, Pattern.compile("comput|machine_learning|coding|code|programming|security"));
        FAMILIES.put(TaskCategory.REASONING, Pattern.compile("logic|fallac|reasoning|moral_scenarios|philosophy|physics|chemistry"));
        FAMILIES.put(TaskCategory.CREATIVE, Pattern.compile("writing|roleplay|creative"));
        FAMILIES.put(TaskCategory.EXTRACTION, Pattern.compile("extraction"));
        FAMILIES.put(TaskCategory.SUMMARIZATION, Pattern.compile("summar"));
        FAMILIES.put(TaskCategory.TRANSLATION, Pattern.compile("translat"));
        FAMILIES.put(TaskCategory.CHAT, Pattern.compile("chat|conversation"));
    }

    private TopicCategories() {
    }

    public static TaskCategory of(String topic) {
        String lower = topic.toLowerCase(Locale.ROOT);
        for (var family : FAMILIES.entrySet()) {
            if (family.getValue().matcher(lower).find()) {
                return family.getKey();
            }
        }
        return TaskCategory.KNOWLEDGE;
    }
}
