package dev.llmrouter.analytics;

import java.time.Duration;
import java.util.Locale;

/** The window sizes spend is aggregated over. Windows are aligned to the epoch, so they are UTC hours and days. */
public enum SpendWindow {
    HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1));

    private final Duration size;

    SpendWindow(Duration size) {
        this.size = size;
    }

    public Duration size() {
        return size;
    }

    /** Parses {@code hour} or {@code day}, as written in query parameters. */
    public static SpendWindow parse(String text) {
        for (SpendWindow window : values()) {
            if (window.name().equalsIgnoreCase(text.trim())) {
                return window;
            }
        }
        throw new IllegalArgumentException("window must be 'hour' or 'day', not '" + text + "'");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
