package dev.llmrouter.speculate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrouter.quality.SelectionSection.Errors;
import dev.llmrouter.runtime.Durations;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ScorerMode;
import dev.llmrouter.schema.TaskCategory;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the policy's {@code speculation:} section:
 * <pre>
 * speculation:
 *   cheap: openai/gpt-4.1-nano      # asked first
 *   latency-budget: 3s              # longer than this and the worker escalates
 *   accept-score: 0.6               # scorer ratings below this escalate
 *   escalate-to: decision           # or provider/model; decision = the route's own primary
 *   scorer: local                   # or llm-judge (then judge: provider/model)
 *   categories: [math, reasoning]   # optional; absent = every category
 * </pre>
 */
public final class SpeculationSection {

    private static final Set<String> KEYS = Set.of("cheap", "latency-budget", "accept-score", "escalate-to", "scorer", "judge", "categories");

    private SpeculationSection() {
    }

    public static SpeculationSettings parse(JsonNode node, String yaml, String source, Predicate<ModelRef> knownModel) {
        Errors errors = new Errors(yaml, source);
        if (!node.isObject()) {
            throw errors.at("speculation", "is not a map", "keys " + KEYS.stream().sorted().toList());
        }
        errors.onlyKeys(node, "speculation", KEYS);
        ModelRef cheap = errors.model(node.get("cheap"), "speculation.cheap", knownModel);
        Duration budget = Duration.ofSeconds(5);
        JsonNode budgetNode = node.get("latency-budget");
        if (budgetNode != null) {
            try {
                budget = Durations.parse(budgetNode.asText(), "speculation.latency-budget");
            } catch (IllegalArgumentException e) {
                throw errors.at("speculation.latency-budget", "is '" + budgetNode.asText() + "'", "a duration such as 800ms, 3s or 1m");
            }
            if (budget.isZero() || budget.isNegative()) {
                throw errors.at("speculation.latency-budget", "is " + budgetNode.asText(), "a positive duration");
            }
        }
        JsonNode accept = node.get("accept-score");
        double acceptScore = 0.5;
        if (accept != null) {
            if (!accept.isNumber() || accept.asDouble() < 0 || accept.asDouble() > 1) {
                throw errors.at("speculation.accept-score", "is " + accept, "a number from 0 to 1");
            }
            acceptScore = accept.asDouble();
        }
        JsonNode escalate = node.get("escalate-to");
        ModelRef escalateTo = escalate == null || escalate.asText().equals("decision") ? null
                : errors.model(escalate, "speculation.escalate-to", knownModel);
        ScorerMode mode = ScorerMode.LOCAL;
        JsonNode scorer = node.get("scorer");
        if (scorer != null) {
            mode = switch (scorer.asText()) {
                case "local" -> ScorerMode.LOCAL;
                case "llm-judge" -> ScorerMode.LLM_JUDGE;
                default -> throw errors.at("speculation.scorer", "is '" + scorer.asText() + "'", "local, llm-judge");
            };
        }
        ModelRef judge = null;
        if (mode == ScorerMode.LLM_JUDGE) {
            if (node.get("judge") == null) {
                throw errors.at("speculation.judge", "is missing", "provider/model of the judging model when scorer is llm-judge");
            }
            judge = errors.model(node.get("judge"), "speculation.judge", knownModel);
        } else if (node.get("judge") != null) {
            throw errors.at("speculation.judge", "is set", "only with scorer: llm-judge");
        }
        Set<TaskCategory> categories = new LinkedHashSet<>();
        JsonNode list = node.get("categories");
        if (list != null) {
            if (!list.isArray()) {
                throw errors.at("speculation.categories", "is " + list, "a list of task categories");
            }
            for (JsonNode name : list) {
                try {
                    categories.add(TaskCategory.valueOf(name.asText().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw errors.at("speculation.categories", "has '" + name.asText() + "'", String.join(", ",
                            Arrays.stream(TaskCategory.values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()));
                }
            }
        }
        return new SpeculationSettings(cheap, budget, acceptScore, escalateTo, mode, judge, categories);
    }
}
