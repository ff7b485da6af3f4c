package dev.llmrouter.simulator;

/**
 * A generated answer and the token usage to report for it. {@code inputTokens} counts every input token,
 * cached ones included; each dialect splits it as its provider does.
 */
record SimAnswer(String text, long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                 Finish finish) {

    enum Finish { STOP, LENGTH, REFUSAL }
}
