package dev.llmrouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DialectTest {

    @Test
    void shouldMakeIdsOfTwentyFourLowerCaseHexDigits() {
        // when many ids are drawn
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 10_000).forEach(i -> ids.add(Dialect.randomId()));

        // then each has the shape of a provider id tail, and none repeats
        assertThat(ids).hasSize(10_000).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{24}"));
    }
}
