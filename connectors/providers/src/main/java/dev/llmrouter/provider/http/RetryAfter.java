package dev.llmrouter.provider.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads how long a provider asks to wait, from headers or from hints in error messages. */
public final class RetryAfter {

    /** "try again in 1.5s", "in 120ms", "in 6m0s", "in 1m30.5s" (OpenAI's messages). */
    private static final Pattern TRY_AGAIN = Pattern.compile(
            "try again in (?:(\\d+)m(?!s))?(?:(\\d+(?:\\.\\d+)?)(ms|s))?", Pattern.CASE_INSENSITIVE);
    /** A protobuf JSON duration such as Gemini's {@code "retryDelay": "37s"} or {@code "1.5s"}. */
    private static final Pattern PROTO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)s");

    private RetryAfter() {
    }

    /**
     * From {@code retry-after-ms} (milliseconds, sent by OpenAI) or {@code Retry-After} (delay in
     * seconds or an HTTP date, RFC 9110).
     */
    public static Optional<Duration> fromHeaders(ResponseHeaders headers, Clock clock) {
        Optional<Duration> millis = headers.first("retry-after-ms").flatMap(v -> seconds(v, 1e-3));
        if (millis.isPresent()) {
            return millis;
        }
        return headers.first("retry-after").flatMap(value -> seconds(value, 1).or(() -> httpDate(value, clock)));
    }

    /** From a hint such as "Please try again in 1.5s" in a provider's error message. */
    public static Optional<Duration> fromMessage(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = TRY_AGAIN.matcher(message);
        while (m.find()) {
            if (m.group(1) == null && m.group(2) == null) {
                continue;
            }
            double millis = m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 60_000.0;
            if (m.group(2) != null) {
                millis += Double.parseDouble(m.group(2)) * ("ms".equalsIgnoreCase(m.group(3)) ? 1 : 1_000);
            }
            return Optional.of(Duration.ofNanos(Math.round(millis * 1_000_000)));
        }
        return Optional.empty();
    }

    /** From a protobuf JSON duration ({@code "37s"}, {@code "0.5s"}). */
    public static Optional<Duration> fromProtoDuration(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = PROTO_DURATION.matcher(value.strip());
        return m.matches() ? seconds(m.group(1), 1) : Optional.empty();
    }

    private static Optional<Duration> seconds(String value, double scale) {
        try {
            double seconds = Double.parseDouble(value.strip()) * scale;
            return seconds >= 0 && Double.isFinite(seconds)
                    ? Optional.of(Duration.ofNanos(Math.round(seconds * 1e9))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> httpDate(String value, Clock clock) {
        try {
            ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
