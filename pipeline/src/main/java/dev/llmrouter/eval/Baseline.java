package dev.llmrouter.eval;

/**
 * One row of the report.
 *
 * @param name           what was run
 * @param meanQuality    mean recorded quality of the answers kept
 * @param totalCostUsd   sum of recorded cost of every call made
 * @param prompts        prompts replayed
 * @param strongQuality  mean quality of always calling the strongest model, for the ratios
 * @param strongCostUsd  total cost of always calling the strongest model
 */
record Baseline(String name, double meanQuality, double totalCostUsd, int prompts, double strongQuality, double strongCostUsd) {

    double meanCostUsd() {
        return prompts == 0 ? 0 : totalCostUsd / prompts;
    }

    double qualityOfStrongest() {
        return strongQuality == 0 ? 0 : meanQuality / strongQuality;
    }

    double costSaving() {
        return strongCostUsd == 0 ? 0 : 1 - totalCostUsd / strongCostUsd;
    }
}
