package dev.llmrouter.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2015-10-21T07:27:30Z"), ZoneOffset.UTC);

    private static ResponseHeaders headers(Map<String, String> values) {
        return name -> values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst();
    }

    @Test
    void shouldReadDelayInSeconds() {
        assertThat(RetryAfter.fromHeaders(headers(Map.of("Retry-After", "20")), NOW)).contains(Duration.ofSeconds(20));
    }

    @Test
    void shouldReadHttpDateRelativeToNow() {
        assertThat(RetryAfter.fromHeaders(headers(Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")), NOW))
                .contains(Duration.ofSeconds(30));
    }

    @Test
    void shouldTreatPastHttpDateAsNoWait() {
        assertThat(RetryAfter.fromHeaders(headers(Map.of("Retry-After", "Wed, 21 Oct 2015 07:00:00 GMT")), NOW))
                .contains(Duration.ZERO);
    }

    @Test
    void shouldPreferMillisecondHeader() {
        assertThat(RetryAfter.fromHeaders(headers(Map.of("retry-after-ms", "120", "retry-after", "1")), NOW))
                .contains(Duration.ofMillis(120));
    }

    @Test
    void shouldIgnoreGarbage() {
        assertThat(RetryAfter.fromHeaders(headers(Map.of("Retry-After", "soon")), NOW)).isEmpty();
        assertThat(RetryAfter.fromHeaders(headers(Map.of()), NOW)).isEmpty();
    }

    @Test
    void shouldReadHintsInOpenAiMessages() {
        assertThat(RetryAfter.fromMessage("Please try again in 1.5s. Visit")).contains(Duration.ofMillis(1500));
        assertThat(RetryAfter.fromMessage("Please try again in 120ms.")).contains(Duration.ofMillis(120));
        assertThat(RetryAfter.fromMessage("Please try again in 6m0s.")).contains(Duration.ofMinutes(6));
        assertThat(RetryAfter.fromMessage("Please try again in 1m30.5s.")).contains(Duration.ofMillis(90_500));
        assertThat(RetryAfter.fromMessage("Please try again later.")).isEmpty();
    }

    @Test
    void shouldReadProtobufDurations() {
        assertThat(RetryAfter.fromProtoDuration("43s")).contains(Duration.ofSeconds(43));
        assertThat(RetryAfter.fromProtoDuration("0.25s")).contains(Duration.ofMillis(250));
        assertThat(RetryAfter.fromProtoDuration("43")).isEmpty();
    }
}
