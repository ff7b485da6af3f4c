package dev.llmrouter.runtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Durations as people write them in configuration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601. */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String text, String where) {
        String value = text.trim();
        try {
            if (value.startsWith("P") || value.startsWith("p")) {
                return Duration.parse(value);
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1).trim());
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a duration; write e.g. 250ms, 30s, 5m, 1h or PT30S");
        }
    }
}
