package dev.llmrouter.bench;

import dev.llmrouter.classify.CachingClassifier;
import dev.llmrouter.classify.FeatureClassifier;
import dev.llmrouter.classify.PromptClassifier;
import dev.llmrouter.classify.TrainedClassifier;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Role;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What classifying a prompt costs on the stream thread: the shipped classifier (the topic model, with the
 * rules for prompts outside its domain) and the rules alone, single-threaded, over the same prompts. Each is
 * timed in several passes after a warm-up and the fastest pass counts, so a pass that a collection or another
 * process interrupted does not.
 */
public final class ClassifierBench {

    /** Passes timed per classifier; the fastest counts. */
    static final int PASSES = 5;
    /** Classifications per pass by default, at least; whole rounds over the prompts. */
    public static final int CALLS_PER_PASS = 100_000;

    private final List<String> prompts;
    private final int callsPerPass;
    private final PrintStream out;

    public ClassifierBench(List<String> prompts, int callsPerPass, PrintStream out) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts to classify");
        }
        this.prompts = prompts;
        this.callsPerPass = callsPerPass;
        this.out = out;
    }

    public Map<String, Object> run() {
        List<PromptRequest> requests = prompts.stream().map(ClassifierBench::request).toList();
        TrainedClassifier shipped = TrainedClassifier.bundled();
        long outside = requests.stream().map(shipped::classify)
                .filter(classification -> !classification.getClassifierVersion().equals(shipped.version())).count();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("prompts", requests.size());
        result.put("mean_prompt_chars", Math.round(prompts.stream().mapToInt(String::length).average().orElse(0)));
        result.put("out_of_domain_share", Math.round(10_000.0 * outside / requests.size()) / 10_000.0);
        result.put("shipped_micros_per_prompt", microsPerPrompt("shipped", shipped, requests));
        result.put("rules_micros_per_prompt", microsPerPrompt("rules", new FeatureClassifier(), requests));
        // The cache as the pipeline runs it: every prompt seen before (a hit, and the copy each caller gets), and a
        // cache too small for the prompts, so nearly every call misses and pays the lookup on top of classifying.
        result.put("cached_hit_micros_per_prompt", microsPerPrompt("cached, hits",
                CachingClassifier.of(shipped, Math.max(1, requests.size() * 2L)), requests));
        result.put("cached_miss_micros_per_prompt", microsPerPrompt("cached, misses", CachingClassifier.of(shipped, 1), requests));
        return result;
    }

    private double microsPerPrompt(String name, PromptClassifier classifier, List<PromptRequest> requests) {
        int rounds = Math.max(1, callsPerPass / requests.size());
        long sink = 0;
        long best = Long.MAX_VALUE;
        for (int pass = -1; pass < PASSES; pass++) {
            long start = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                for (PromptRequest request : requests) {
                    Classification classification = classifier.classify(request);
                    sink += classification.getCategory().ordinal();
                }
            }
            long elapsed = System.nanoTime() - start;
            if (pass >= 0) {
                best = Math.min(best, elapsed);
            }
        }
        double micros = Math.round(best / 1_000.0 / ((long) rounds * requests.size()) * 100) / 100.0;
        out.printf("  %s: %.2f µs per prompt (fastest of %d passes of %,d; checksum %d)%n", name, micros, PASSES,
                (long) rounds * requests.size(), sink % 10);
        return micros;
    }

    private static PromptRequest request(String prompt) {
        return PromptRequest.newBuilder().setRequestId("bench").setUserId("bench")
                .setMessages(List.of(new ChatMessage(Role.USER, prompt))).setCreatedAt(Instant.EPOCH).build();
    }
}
