package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifierBenchTest {

    @Test
    void shouldTimeBothClassifiersTheCacheAndCountThePromptsOutsideTheModel() {
        // given a greeting, which the topic model leaves to the rules, and a word problem, which it keeps
        List<String> prompts = List.of("Hello", "Natalia sold clips to 48 of her friends in April, and then she sold half as many "
                + "clips in May. How many clips did she sell altogether in April and May?");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        // when the benchmark runs a short pass
        Map<String, Object> result = new ClassifierBench(prompts, 200, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        // then it reports every timing and half the prompts outside the domain
        assertThat(result).containsEntry("prompts", 2).containsEntry("out_of_domain_share", 0.5);
        for (String key : List.of("shipped", "rules", "cached_hit", "cached_miss")) {
            assertThat((double) result.get(key + "_micros_per_prompt")).as(key).isPositive();
        }
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("shipped:").contains("rules:")
                .contains("cached, hits:").contains("cached, misses:");
    }

    @Test
    void shouldRefuseToTimeNothing() {
        assertThatThrownBy(() -> new ClassifierBench(List.of(), 10, System.out)).isInstanceOf(IllegalArgumentException.class);
    }
}
