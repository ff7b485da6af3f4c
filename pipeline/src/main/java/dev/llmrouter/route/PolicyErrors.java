package dev.llmrouter.route;

import dev.llmrouter.schema.Tier;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Builds located policy errors (file, line, key, what is wrong, what is allowed) and reads the values
 * every section shares, such as tier names. One per policy text.
 */
record PolicyErrors(String yaml, String source) {

    PolicyLoader.InvalidPolicyException error(String path, String problem, String allowed) {
        String where = YamlLocator.line(yaml, path).stream().mapToObj(line -> source + ":" + line).findFirst().orElse(source);
        return new PolicyLoader.InvalidPolicyException(where + ": " + path + " " + problem + "; allowed: " + allowed, null);
    }

    Tier tier(String name, String path) {
        if (name == null || name.isBlank()) {
            throw error(path, "is missing", allowed(tierNames()));
        }
        try {
            Tier tier = Tier.valueOf(name.toUpperCase(Locale.ROOT));
            if (tier != Tier.UNSPECIFIED) {
                return tier;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below with the allowed names
        }
        throw error(path, "is '" + name + "'", allowed(tierNames()));
    }

    /** A tier that must have models under {@code tiers}. */
    Tier configuredTier(String name, String path, Collection<Tier> configured) {
        Tier tier = tier(name, path);
        if (!configured.contains(tier)) {
            throw error(path, "names tier " + lower(tier) + ", which has no models under tiers",
                    allowed(configured.stream().sorted().map(PolicyErrors::lower).toList()));
        }
        return tier;
    }

    static List<String> tierNames() {
        return Arrays.stream(Tier.values()).filter(t -> t != Tier.UNSPECIFIED).map(PolicyErrors::lower).toList();
    }

    static String allowed(List<String> names) {
        return String.join(", ", names);
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
