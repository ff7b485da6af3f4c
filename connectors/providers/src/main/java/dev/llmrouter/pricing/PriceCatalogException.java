package dev.llmrouter.pricing;

import java.util.List;

/** A price catalog that cannot be read or is not valid; the message lists every problem found. */
public final class PriceCatalogException extends RuntimeException {

    private final List<String> problems;

    PriceCatalogException(String source, List<String> problems, Throwable cause) {
        super("invalid price catalog " + source + ":\n  - " + String.join("\n  - ", problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** Each problem, e.g. {@code models[3] (openai/gpt-4o): output is required}. */
    public List<String> problems() {
        return problems;
    }
}
