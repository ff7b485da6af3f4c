package dev.llmrouter.route;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmrouter.runtime.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The {@code cache:} section of a policy file: as written, and validated into {@link CacheRules}. */
final class CacheSection {

    private static final String DURATION = "a duration such as 300s, 5m or 1h";

    private CacheSection() {
    }

    record CacheFile(Boolean enabled, @JsonProperty("min-prefix-tokens") Integer minPrefixTokens, String scope,
                     Map<String, String> ttl) {
    }

    static CacheRules read(CacheFile file, PolicyErrors errors) {
        CacheRules defaults = CacheRules.defaults();
        if (file == null) {
            return defaults;
        }
        int minTokens = file.minPrefixTokens() == null ? defaults.minPrefixTokens() : file.minPrefixTokens();
        if (minTokens <= 0) {
            throw errors.error("cache.min-prefix-tokens", "is " + minTokens, "a positive number of tokens");
        }
        CacheRules.Scope scope = defaults.scope();
        if (file.scope() != null) {
            try {
                scope = CacheRules.Scope.valueOf(file.scope().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw errors.error("cache.scope", "is '" + file.scope() + "'", "session or user");
            }
        }
        Duration defaultTtl = defaults.defaultTtl();
        Map<String, Duration> ttls = new LinkedHashMap<>();
        if (file.ttl() != null) {
            for (Map.Entry<String, String> entry : file.ttl().entrySet()) {
                Duration ttl = duration(entry.getValue(), "cache.ttl." + entry.getKey(), errors);
                if (entry.getKey().equals("default")) {
                    defaultTtl = ttl;
                } else {
                    ttls.put(entry.getKey(), ttl);
                }
            }
        }
        return new CacheRules(file.enabled() == null || file.enabled(), minTokens, scope, defaultTtl, ttls);
    }

    static Duration duration(String text, String path, PolicyErrors errors) {
        if (text == null) {
            throw errors.error(path, "is missing", DURATION);
        }
        Duration duration;
        try {
            duration = Durations.parse(text, path);
        } catch (IllegalArgumentException e) {
            throw errors.error(path, "is '" + text + "'", DURATION);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw errors.error(path, "is " + text, "a positive " + DURATION);
        }
        return duration;
    }
}
