package dev.llmrouter.provider.http;

import java.util.Optional;

/** The headers of a provider's answer, looked up by name without regard to case. */
@FunctionalInterface
public interface ResponseHeaders {

    /** The first value of header {@code name}, if the answer has it. */
    Optional<String> first(String name);
}
