package dev.llmrouter.worker;

import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.LlmResponse;
import java.util.List;

/** What a worker writes for one dispatched request: its response and one cost event per billed attempt. */
public record Completion(LlmResponse response, List<CostEvent> costEvents) {
}
