package dev.llmrouter.simulator;

import java.time.Duration;

/**
 * How one simulated model behaves. Zero means "off" for the numeric limits, so a profile read from a
 * file that leaves a field out gets the harmless behaviour.
 *
 * @param latency        delay before the answer starts
 * @param perOutputToken extra delay per generated output token ("time to answer"), zero for none
 * @param errorRate      probability in [0, 1] of answering 500
 * @param rateLimitRate  probability in [0, 1] of answering 429 with {@code retryAfter}
 * @param retryAfter     what 429 answers tell the client to wait (whole seconds on the wire)
 * @param maxConcurrent  requests in flight for this model above which it answers 429; 0 for no limit
 * @param answerTokens   length of every answer in tokens; 0 for the short natural answer
 * @param contextWindow  input tokens above which it answers "context length exceeded"; 0 for no limit
 * @param refusalRate    probability in [0, 1] of a content-filter stop (billed, empty answer)
 * @param quotaExhausted whether the account behind this model is out of credit
 */
public record ModelProfile(
        Latency latency,
        Duration perOutputToken,
        double errorRate,
        double rateLimitRate,
        Duration retryAfter,
        int maxConcurrent,
        int answerTokens,
        int contextWindow,
        double refusalRate,
        boolean quotaExhausted) {

    /** Instant, error-free, unlimited. */
    public static final ModelProfile DEFAULT = builder().build();

    public ModelProfile {
        latency = latency == null ? Latency.NONE : latency;
        perOutputToken = perOutputToken == null ? Duration.ZERO : perOutputToken;
        retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        requireRate(errorRate, "errorRate");
        requireRate(rateLimitRate, "rateLimitRate");
        requireRate(refusalRate, "refusalRate");
        if (perOutputToken.isNegative() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("perOutputToken and retryAfter must not be negative");
        }
        if (maxConcurrent < 0 || answerTokens < 0 || contextWindow < 0) {
            throw new IllegalArgumentException("maxConcurrent, answerTokens and contextWindow must be >= 0");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this profile. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.latency = latency;
        b.perOutputToken = perOutputToken;
        b.errorRate = errorRate;
        b.rateLimitRate = rateLimitRate;
        b.retryAfter = retryAfter;
        b.maxConcurrent = maxConcurrent;
        b.answerTokens = answerTokens;
        b.contextWindow = contextWindow;
        b.refusalRate = refusalRate;
        b.quotaExhausted = quotaExhausted;
        return b;
    }

    private static void requireRate(double rate, String name) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1]: " + rate);
        }
    }

    /** Fluent construction of a {@link ModelProfile}; unset fields take the harmless default. */
    public static final class Builder {
        private Latency latency;
        private Duration perOutputToken;
        private double errorRate;
        private double rateLimitRate;
        private Duration retryAfter;
        private int maxConcurrent;
        private int answerTokens;
        private int contextWindow;
        private double refusalRate;
        private boolean quotaExhausted;

        private Builder() {
        }

        public Builder latency(Latency value) { latency = value; return this; }
        public Builder perOutputToken(Duration value) { perOutputToken = value; return this; }
        public Builder errorRate(double value) { errorRate = value; return this; }
        public Builder rateLimitRate(double value) { rateLimitRate = value; return this; }
        public Builder retryAfter(Duration value) { retryAfter = value; return this; }
        public Builder maxConcurrent(int value) { maxConcurrent = value; return this; }
        public Builder answerTokens(int value) { answerTokens = value; return this; }
        public Builder contextWindow(int value) { contextWindow = value; return this; }
        public Builder refusalRate(double value) { refusalRate = value; return this; }
        public Builder quotaExhausted(boolean value) { quotaExhausted = value; return this; }

        public ModelProfile build() {
            return new ModelProfile(latency, perOutputToken, errorRate, rateLimitRate, retryAfter,
                    maxConcurrent, answerTokens, contextWindow, refusalRate, quotaExhausted);
        }
    }
}
