package dev.llmrouter.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Role;
import dev.llmrouter.support.Requests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingClassifierTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final PromptClassifier counted = new PromptClassifier() {
        private final PromptClassifier real = TrainedClassifier.bundled();

        @Override
        public Classification classify(PromptRequest request) {
            calls.incrementAndGet();
            return real.classify(request);
        }

        @Override
        public String version() {
            return real.version();
        }
    };

    @Test
    void shouldClassifyARepeatedPromptOnceAndAnswerAsTheClassifierDoes() {
        PromptClassifier cached = CachingClassifier.of(counted, 100);
        PromptRequest first = Requests.prompt("alice", "Explain why the sky is blue, step by step.");
        PromptRequest again = Requests.prompt("bob", "Explain why the sky is blue, step by step.");

        Classification fresh = cached.classify(first);
        Classification hit = cached.classify(again);

        assertThat(calls).hasValue(1);
        assertThat(hit).isEqualTo(fresh).isEqualTo(TrainedClassifier.bundled().classify(again));
        assertThat(cached.version()).isEqualTo(counted.version());
    }

    @Test
    void shouldEstimateEachRequestsInputTokensFromItsOwnHistory() {
        PromptClassifier cached = CachingClassifier.of(counted, 100);
        PromptRequest bare = Requests.prompt("alice", "Summarise this in one sentence.");
        PromptRequest withHistory = PromptRequest.newBuilder(bare)
                .setSystemPrompt("You are a careful assistant. ".repeat(40))
                .setMessages(List.of(new ChatMessage(Role.USER, "Some long document ".repeat(50)),
                        new ChatMessage(Role.ASSISTANT, "Noted."),
                        new ChatMessage(Role.USER, "Summarise this in one sentence.")))
                .build();

        Classification small = cached.classify(bare);
        Classification large = cached.classify(withHistory);

        assertThat(calls).hasValue(1);
        assertThat(large.getEstimatedInputTokens()).isGreaterThan(small.getEstimatedInputTokens())
                .isEqualTo(TrainedClassifier.bundled().classify(withHistory).getEstimatedInputTokens());
        assertThat(large.getCategory()).isEqualTo(small.getCategory());
    }

    @Test
    void shouldHandOutCopiesSoOneCallerCannotChangeAnothersClassification() {
        PromptClassifier cached = CachingClassifier.of(counted, 100);
        PromptRequest request = Requests.prompt("alice", "What is the capital of Peru?");
        Classification first = cached.classify(request);

        first.setScore(-1.0);
        first.getTopics().clear();

        Classification second = cached.classify(request);
        assertThat(second.getScore()).isNotEqualTo(-1.0);
        assertThat(second.getTopics()).isNotEmpty();
    }

    @Test
    void shouldClassifyLongLastMessagesEveryTimeRatherThanKeepThem() {
        PromptClassifier cached = CachingClassifier.of(counted, 100);
        PromptRequest longOne = Requests.prompt("alice", "word ".repeat(CachingClassifier.MAX_CACHED_CHARS / 5 + 1));

        cached.classify(longOne);
        cached.classify(longOne);

        assertThat(calls).hasValue(2);
    }

    @Test
    void shouldCountHitsAndMissesInItsMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PromptClassifier cached = CachingClassifier.bindTo(CachingClassifier.of(counted, 100), registry);

        for (String prompt : List.of("Write a haiku about snow", "Write a haiku about snow", "Solve 3x + 5 = 20")) {
            cached.classify(Requests.prompt("u", prompt));
        }

        assertThat(registry.get("cache.gets").tag("cache", CachingClassifier.NAME).tag("result", "hit").functionCounter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("cache.gets").tag("cache", CachingClassifier.NAME).tag("result", "miss").functionCounter().count())
                .isEqualTo(2.0);
    }

    @Test
    void shouldBeTheClassifierItselfWhenTheSizeIsZeroAndRefuseANegativeSize() {
        assertThat(CachingClassifier.of(counted, 0)).isSameAs(counted);
        assertThatThrownBy(() -> CachingClassifier.of(counted, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
