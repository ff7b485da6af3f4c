package dev.llmrouter.opinion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrouter.quality.SelectionSection.Errors;
import dev.llmrouter.runtime.Durations;
import dev.llmrouter.schema.ModelRef;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the policy's {@code second-opinion:} section:
 * <pre>
 * second-opinion:
 *   enabled: true                      # false (the default) leaves every decision as it is
 *   model: openai/gpt-4.1-nano         # the cheap rater; required when enabled
 *   when-score-between: [0.35, 0.65]   # classifier scores counted as uncertain
 *   timeout: 2s                        # a slower rating keeps the decided chain
 *   cache-ttl: 24h                     # how long a worker reuses a prompt's rating
 *   cache-size: 100000                 # ratings kept per worker instance
 * </pre>
 */
public final class SecondOpinionSection {

    private static final Set<String> KEYS = Set.of("enabled", "model", "when-score-between", "timeout", "cache-ttl", "cache-size");

    private SecondOpinionSection() {
    }

    public static SecondOpinionSettings parse(JsonNode node, String yaml, String source, Predicate<ModelRef> knownModel) {
        Errors errors = new Errors(yaml, source);
        if (!node.isObject()) {
            throw errors.at("second-opinion", "is not a map", "keys " + KEYS.stream().sorted().toList());
        }
        errors.onlyKeys(node, "second-opinion", KEYS);
        JsonNode enabledNode = node.get("enabled");
        if (enabledNode != null && !enabledNode.isBoolean()) {
            throw errors.at("second-opinion.enabled", "is " + enabledNode, "true or false");
        }
        boolean enabled = enabledNode != null && enabledNode.asBoolean();
        ModelRef rater = null;
        if (enabled || node.get("model") != null) {
            rater = errors.model(node.get("model"), "second-opinion.model", knownModel);
        }
        double low = 0.35;
        double high = 0.65;
        JsonNode band = node.get("when-score-between");
        if (band != null) {
            if (!band.isArray() || band.size() != 2 || !band.get(0).isNumber() || !band.get(1).isNumber()
                    || band.get(0).asDouble() < 0 || band.get(1).asDouble() > 1 || band.get(0).asDouble() > band.get(1).asDouble()) {
                throw errors.at("second-opinion.when-score-between", "is " + band, "[low, high] with 0 <= low <= high <= 1");
            }
            low = band.get(0).asDouble();
            high = band.get(1).asDouble();
        }
        Duration timeout = duration(node, "timeout", Duration.ofSeconds(2), errors);
        Duration cacheTtl = duration(node, "cache-ttl", Duration.ofHours(24), errors);
        long cacheSize = 100_000;
        JsonNode size = node.get("cache-size");
        if (size != null) {
            if (!size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
                throw errors.at("second-opinion.cache-size", "is " + size, "a whole number of ratings, 0 or more (0: no cache)");
            }
            cacheSize = size.asLong();
        }
        return new SecondOpinionSettings(enabled, rater, low, high, timeout, cacheTtl, cacheSize);
    }

    private static Duration duration(JsonNode section, String key, Duration otherwise, Errors errors) {
        JsonNode node = section.get(key);
        if (node == null) {
            return otherwise;
        }
        String path = "second-opinion." + key;
        Duration value;
        try {
            value = Durations.parse(node.asText(), path);
        } catch (IllegalArgumentException e) {
            throw errors.at(path, "is '" + node.asText() + "'", "a duration such as 800ms, 2s or 24h");
        }
        if (value.isZero() || value.isNegative()) {
            throw errors.at(path, "is " + node.asText(), "a positive duration");
        }
        return value;
    }
}
