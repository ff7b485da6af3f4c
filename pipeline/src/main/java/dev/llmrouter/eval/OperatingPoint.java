package dev.llmrouter.eval;

/**
 * What a replay at one pair of thresholds achieved.
 *
 * @param minGainPerUsd the selection threshold
 * @param acceptScore   the speculation threshold, NaN without speculation
 * @param qualitySum    sum of recorded quality of the answers kept
 * @param costUsd       sum of recorded cost of every call made
 * @param strongCalls   prompts on which the strongest model was called
 * @param prompts       prompts replayed
 */
record OperatingPoint(double minGainPerUsd, double acceptScore, double qualitySum, double costUsd, int strongCalls, int prompts) {

    double meanQuality() {
        return prompts == 0 ? 0 : qualitySum / prompts;
    }

    double strongShare() {
        return prompts == 0 ? 0 : (double) strongCalls / prompts;
    }

    OperatingPoint plus(OperatingPoint other) {
        return new OperatingPoint(minGainPerUsd, acceptScore, qualitySum + other.qualitySum, costUsd + other.costUsd,
                strongCalls + other.strongCalls, prompts + other.prompts);
    }
}
