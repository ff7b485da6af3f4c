package dev.llmrouter.data;

import java.util.Optional;

/**
 * One prompt of a recorded set with every model's outcome on it.
 *
 * @param id        the sample id
 * @param prompt    the prompt text, the only thing a routing decision may look at
 * @param evalName  the benchmark the prompt came from (e.g. {@code mmlu/anatomy}); a training label only
 * @param quality   quality of each model's answer, 0..1, in the order of {@link RecordedSet#models()}
 * @param responses each model's answer text, null where the data has none
 * @param costUsd   what the prompt cost on each model, in US dollars
 */
public record RecordedPrompt(String id, String prompt, String evalName, double[] quality, String[] responses, double[] costUsd) {

    public Optional<String> response(int model) {
        String text = responses[model];
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
