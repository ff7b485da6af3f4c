package dev.llmrouter.classify;

import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.PromptRequest;

/** Tags a prompt with complexity, task category and a score, locally and in well under a millisecond. */
public interface PromptClassifier {

    /** Never null; an unclassifiable prompt gets UNKNOWN complexity and OTHER category. */
    Classification classify(PromptRequest request);

    /** Written into every classification so decisions can be traced to the model that made them. */
    String version();
}
