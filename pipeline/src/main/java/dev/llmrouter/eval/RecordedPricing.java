package dev.llmrouter.eval;

import dev.llmrouter.classify.PromptText;
import dev.llmrouter.data.RecordedPrompt;
import dev.llmrouter.data.RecordedSet;
import dev.llmrouter.route.CostEstimator;
import dev.llmrouter.schema.ModelRef;
import java.util.HashMap;
import java.util.Map;

/**
 * Prices of the recorded models as production would know them from a catalog: a fixed part per call
 * (the typical answer) plus a price per estimated input token, fitted by least squares on the training
 * split's recorded costs. Decisions see only these estimates; the replay charges the recorded cost.
 */
public final class RecordedPricing implements CostEstimator {

    /** The provider name recorded models go by. */
    public static final String PROVIDER = "recorded";

    private final Map<String, double[]> fixedAndPerToken = new HashMap<>();

    public RecordedPricing(RecordedSet train) {
        for (int m = 0; m < train.models().size(); m++) {
            double n = 0;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (RecordedPrompt prompt : train.prompts()) {
                double x = PromptText.estimateTokens(prompt.prompt().length());
                double y = prompt.costUsd()[m];
                n++;
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }
            double variance = n * sxx - sx * sx;
            double perToken = variance <= 0 ? 0 : Math.max(0, (n * sxy - sx * sy) / variance);
            double fixed = n == 0 ? 0 : Math.max(0, (sy - perToken * sx) / n);
            fixedAndPerToken.put(train.models().get(m), new double[] {fixed, perToken});
        }
    }

    public static ModelRef model(String name) {
        return new ModelRef(PROVIDER, name);
    }

    @Override
    public long estimateMicros(ModelRef model, long inputTokens, long outputTokens) {
        double[] price = fixedAndPerToken.get(model.getModel());
        if (price == null) {
            throw new IllegalArgumentException("no recorded price for " + model.getProvider() + "/" + model.getModel());
        }
        return Math.round((price[0] + price[1] * inputTokens) * 1e6);
    }
}
