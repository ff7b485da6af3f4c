package dev.llmrouter.simulator;

import java.time.Duration;

/**
 * A simulated failure, rendered by each dialect with its provider's status, headers and error body.
 *
 * @param problem       what went wrong
 * @param model         the model asked for, when known (error messages name it), else empty
 * @param message       detail for bad requests and unknown endpoints, else empty
 * @param retryAfter    what a rate-limited client is told to wait
 * @param promptTokens  the request's input tokens (for context-length messages)
 * @param contextWindow the model's limit (for context-length messages)
 */
record Failure(Problem problem, String model, String message, Duration retryAfter, long promptTokens,
               long contextWindow) {

    enum Problem {
        MISSING_KEY, INVALID_KEY, NOT_FOUND, BAD_REQUEST, RATE_LIMITED, QUOTA_EXHAUSTED, CONTEXT_TOO_LONG,
        SERVER_ERROR, OUTAGE
    }

    static Failure of(Problem problem, String model) {
        return new Failure(problem, model, "", Duration.ZERO, 0, 0);
    }

    static Failure withMessage(Problem problem, String message) {
        return new Failure(problem, "", message, Duration.ZERO, 0, 0);
    }

    static Failure rateLimited(String model, Duration retryAfter) {
        return new Failure(Problem.RATE_LIMITED, model, "", retryAfter, 0, 0);
    }

    static Failure contextTooLong(String model, long promptTokens, long contextWindow) {
        return new Failure(Problem.CONTEXT_TOO_LONG, model, "", Duration.ZERO, promptTokens, contextWindow);
    }

    /** Whole seconds to put in a Retry-After header, at least 1 so that clients do wait. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
