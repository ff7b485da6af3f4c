package dev.llmrouter.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrouter.route.PolicyLoader.InvalidPolicyException;
import dev.llmrouter.route.YamlLocator;
import dev.llmrouter.schema.ModelRef;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the policy's {@code selection:} section:
 * <pre>
 * selection:
 *   min-gain-per-usd: 400            # quality points a dearer model must add per extra USD
 *   models:
 *     - {model: openai/gpt-4.1-nano, prior: mixtral-8x7b-instruct}
 *     - {model: openai/gpt-5, prior: gpt-4-1106-preview}
 * </pre>
 * {@code prior} names the recorded model whose per-topic outcomes start the estimate; without it the
 * model starts at the mean of all recorded models and learns from feedback alone.
 */
public final class SelectionSection {

    private static final Set<String> KEYS = Set.of("min-gain-per-usd", "models");
    private static final Set<String> MODEL_KEYS = Set.of("model", "prior");

    private SelectionSection() {
    }

    public static SelectionSettings parse(JsonNode node, String yaml, String source, Predicate<ModelRef> knownModel) {
        Errors errors = new Errors(yaml, source);
        if (!node.isObject()) {
            throw errors.at("selection", "is not a map", "keys " + KEYS);
        }
        errors.onlyKeys(node, "selection", KEYS);
        JsonNode gain = node.get("min-gain-per-usd");
        if (gain == null || !gain.isNumber() || gain.asDouble() < 0) {
            throw errors.at("selection.min-gain-per-usd", gain == null ? "is missing" : "is " + gain, "a non-negative number");
        }
        JsonNode models = node.get("models");
        if (models == null || !models.isArray() || models.isEmpty()) {
            throw errors.at("selection.models", "is missing or empty", "a list of {model: provider/model, prior: recorded model}");
        }
        List<ModelSelector.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            String path = "selection.models[" + i + "]";
            JsonNode entry = models.get(i);
            if (!entry.isObject()) {
                throw errors.at(path, "is " + entry, "{model: provider/model, prior: recorded model}");
            }
            errors.onlyKeys(entry, path, MODEL_KEYS);
            ModelRef model = errors.model(entry.get("model"), path + ".model", knownModel);
            JsonNode prior = entry.get("prior");
            candidates.add(new ModelSelector.Candidate(model, prior == null || prior.isNull() ? null : prior.asText()));
        }
        return new SelectionSettings(gain.asDouble(), candidates);
    }

    /** Located errors in the same words as the rest of the policy's. */
    public record Errors(String yaml, String source) {

        public InvalidPolicyException at(String path, String problem, String allowed) {
            return new InvalidPolicyException(YamlLocator.where(yaml, source, path) + ": " + path + " " + problem + "; allowed: " + allowed, null);
        }

        public void onlyKeys(JsonNode node, String path, Set<String> allowed) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw new InvalidPolicyException(YamlLocator.where(yaml, source, path + "." + name) + ": " + path + ": unknown key '"
                            + name + "'; allowed here: " + allowed.stream().sorted().toList(), null);
                }
            }
        }

        public ModelRef model(JsonNode node, String path, Predicate<ModelRef> knownModel) {
            String ref = node == null || node.isNull() ? null : node.asText();
            int slash = ref == null ? -1 : ref.indexOf('/');
            if (slash <= 0 || slash == ref.length() - 1) {
                throw at(path, ref == null ? "is missing" : "is '" + ref + "'", "provider/model, e.g. openai/gpt-4.1-mini");
            }
            ModelRef model = new ModelRef(ref.substring(0, slash), ref.substring(slash + 1));
            if (!knownModel.test(model)) {
                throw at(path, "names " + ref + ", which the price catalog does not list", "a model of the price catalog");
            }
            return model;
        }
    }
}
