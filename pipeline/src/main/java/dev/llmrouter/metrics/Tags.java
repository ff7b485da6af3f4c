package dev.llmrouter.metrics;

import java.util.Locale;

/** Tag values: lower-case enum names, and {@value #NONE} for absent values. */
final class Tags {

    static final String NONE = "none";

    private Tags() {
    }

    static String of(Enum<?> value) {
        return value == null ? NONE : value.name().toLowerCase(Locale.ROOT);
    }

    static String of(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
