package dev.llmrouter.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A route path such as {@code /api/budgets/{holder}}; {@code {rest...}} as the last segment matches the remainder. */
record PathPattern(List<String> segments) {

    static PathPattern of(String pattern) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
        }
        return new PathPattern(split(pattern));
    }

    /** The path parameters when {@code path} matches, else null. */
    Map<String, String> match(String path) {
        List<String> actual = split(path);
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            if (expected.startsWith("{") && expected.endsWith("...}")) {
                parameters.put(expected.substring(1, expected.length() - 4),
                        String.join("/", actual.subList(Math.min(i, actual.size()), actual.size())));
                return parameters;
            }
            if (i >= actual.size()) {
                return null;
            }
            if (expected.startsWith("{") && expected.endsWith("}")) {
                String value = URLDecoder.decode(actual.get(i), StandardCharsets.UTF_8);
                if (value.isEmpty()) {
                    return null;
                }
                parameters.put(expected.substring(1, expected.length() - 1), value);
            } else if (!expected.equals(actual.get(i))) {
                return null;
            }
        }
        return actual.size() == segments.size() ? parameters : null;
    }

    private static List<String> split(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/+"));
    }
}
