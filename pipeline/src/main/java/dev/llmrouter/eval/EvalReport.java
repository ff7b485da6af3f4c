package dev.llmrouter.eval;

import dev.llmrouter.data.RecordedPrompt;
import dev.llmrouter.data.RecordedSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one evaluation, as a table for people and as one JSON object for tools. */
public record EvalReport(List<String> models, String strongest, String cheapest, int trainPrompts, int testPrompts,
                         String operatingPointSource, OperatingPoint operatingPoint, List<Baseline> rows,
                         List<OperatingPoint> curve, double costSavingAt95, double apgr, Map<String, Object> classifier,
                         Map<String, Object> scorer, double strongQuality, double strongCostUsd) {

    static EvalReport of(RecordedSet train, RecordedSet test, TrainedRouting routing, Replay replay, List<OperatingPoint> grid,
                         OperatingPoint chosen, String source) {
        int strong = routing.strongest;
        int cheap = routing.cheapest;
        int n = test.prompts().size();
        double strongQuality = test.meanQuality(strong);
        double strongCost = test.totalCost(strong);
        double cheapQuality = test.meanQuality(cheap);
        double cheapCost = test.totalCost(cheap);
        List<Baseline> rows = new ArrayList<>();
        rows.add(new Baseline("router (operating point)", chosen.meanQuality(), chosen.costUsd(), n, strongQuality, strongCost));
        rows.add(new Baseline("always-strongest", strongQuality, strongCost, n, strongQuality, strongCost));
        rows.add(new Baseline("always-cheapest", cheapQuality, cheapCost, n, strongQuality, strongCost));
        double share = strongCost == cheapCost ? 1 : Math.max(0, Math.min(1, (chosen.costUsd() - cheapCost) / (strongCost - cheapCost)));
        rows.add(new Baseline("random mix at equal cost", share * strongQuality + (1 - share) * cheapQuality,
                share * strongCost + (1 - share) * cheapCost, n, strongQuality, strongCost));
        rows.add(oracle(test, strongQuality, strongCost));

        List<OperatingPoint> frontier = frontier(grid);
        double saving95 = frontier.stream().filter(p -> p.meanQuality() >= 0.95 * strongQuality - 1e-12)
                .mapToDouble(p -> 1 - p.costUsd() / strongCost).max().orElse(0);
        return new EvalReport(test.models(), test.models().get(strong), test.models().get(cheap), train.prompts().size(), n, source,
                chosen, rows, frontier, saving95, apgr(frontier, cheapQuality, strongQuality), Diagnostics.classifier(test, routing, replay),
                Diagnostics.scorer(test, routing, replay, chosen.acceptScore()), strongQuality, strongCost);
    }

    private static Baseline oracle(RecordedSet test, double strongQuality, double strongCost) {
        double quality = 0;
        double cost = 0;
        for (RecordedPrompt prompt : test.prompts()) {
            double best = Arrays.stream(prompt.quality()).max().orElse(0);
            double cheapestBest = Double.MAX_VALUE;
            for (int m = 0; m < prompt.quality().length; m++) {
                if (prompt.quality()[m] >= best) {
                    cheapestBest = Math.min(cheapestBest, prompt.costUsd()[m]);
                }
            }
            quality += best;
            cost += cheapestBest;
        }
        int n = test.prompts().size();
        return new Baseline("oracle", n == 0 ? 0 : quality / n, cost, n, strongQuality, strongCost);
    }

    /** Points no other point beats on both cost and quality, cheapest first. */
    static List<OperatingPoint> frontier(List<OperatingPoint> grid) {
        List<OperatingPoint> sorted = new ArrayList<>(grid);
        sorted.sort(Comparator.comparingDouble(OperatingPoint::costUsd).thenComparing(Comparator.comparingDouble(OperatingPoint::meanQuality).reversed()));
        List<OperatingPoint> frontier = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (OperatingPoint point : sorted) {
            if (point.meanQuality() > best + 1e-12) {
                frontier.add(point);
                best = point.meanQuality();
            }
        }
        return frontier;
    }

    /**
     * Average performance gap recovered as RouteLLM computes it (routellm/evals/evaluate.py): the area
     * under quality over the share of calls to the strong model, less the weak model's area, over the
     * strong model's area less the weak model's, across the points' range of strong-call shares.
     */
    static double apgr(List<OperatingPoint> points, double weakQuality, double strongQuality) {
        List<OperatingPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(OperatingPoint::strongShare));
        if (sorted.size() < 2 || strongQuality == weakQuality) {
            return 0;
        }
        double area = 0;
        for (int i = 1; i < sorted.size(); i++) {
            double dx = sorted.get(i).strongShare() - sorted.get(i - 1).strongShare();
            area += dx * (sorted.get(i).meanQuality() + sorted.get(i - 1).meanQuality()) / 2;
        }
        double range = sorted.getLast().strongShare() - sorted.getFirst().strongShare();
        if (range <= 0) {
            return 0;
        }
        return (area - weakQuality * range) / ((strongQuality - weakQuality) * range);
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "models: %s (strongest %s, cheapest %s); trained on %d prompts, tested on %d%n",
                models, strongest, cheapest, trainPrompts, testPrompts));
        out.append(String.format(Locale.ROOT, "operating point: min-gain-per-usd %s, accept-score %s (chosen by %s)%n%n",
                number(operatingPoint.minGainPerUsd()), Double.isNaN(operatingPoint.acceptScore()) ? "- (no answer texts: no speculation)"
                        : String.format(Locale.ROOT, "%.2f", operatingPoint.acceptScore()), operatingPointSource));
        out.append(String.format(Locale.ROOT, "%-26s %12s %14s %14s %12s %12s%n", "", "mean quality", "total cost $", "mean cost $",
                "% strongest", "cost saving"));
        for (Baseline row : rows) {
            out.append(String.format(Locale.ROOT, "%-26s %12.4f %14.6f %14.8f %11.1f%% %11.1f%%%n", row.name(), row.meanQuality(),
                    row.totalCostUsd(), row.meanCostUsd(), 100 * row.qualityOfStrongest(), 100 * row.costSaving()));
        }
        out.append(String.format(Locale.ROOT, "%ncost-quality curve over the thresholds (Pareto frontier of %d points):%n", curve.size()));
        out.append(String.format(Locale.ROOT, "%16s %12s %12s %12s %12s %12s%n", "min-gain-per-usd", "accept-score", "mean quality",
                "% strongest", "cost saving", "strong calls"));
        for (OperatingPoint p : curve) {
            out.append(String.format(Locale.ROOT, "%16s %12s %12.4f %11.1f%% %11.1f%% %11.1f%%%n", number(p.minGainPerUsd()),
                    Double.isNaN(p.acceptScore()) ? "-" : String.format(Locale.ROOT, "%.2f", p.acceptScore()), p.meanQuality(),
                    100 * p.meanQuality() / strongQuality, 100 * (1 - p.costUsd() / strongCostUsd), 100 * p.strongShare()));
        }
        out.append(String.format(Locale.ROOT, "%ncost saving at 95%% of the strongest model's quality (best point of the curve): %.1f%%%n",
                100 * costSavingAt95));
        out.append(String.format(Locale.ROOT, "APGR: %.3f%n", apgr));
        out.append("classifier: ").append(classifier).append('\n');
        out.append("scorer: ").append(scorer).append('\n');
        return out.toString();
    }

    /** The report as one JSON-ready map; keys in snake case. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("models", models);
        json.put("strongest", strongest);
        json.put("cheapest", cheapest);
        json.put("train_prompts", trainPrompts);
        json.put("test_prompts", testPrompts);
        json.put("cost_saving_at_95pct_quality", round(costSavingAt95));
        json.put("apgr", round(apgr));
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("chosen_by", operatingPointSource);
        point.put("min_gain_per_usd", operatingPoint.minGainPerUsd());
        point.put("accept_score", Double.isNaN(operatingPoint.acceptScore()) ? null : operatingPoint.acceptScore());
        point.put("strong_call_share", round(operatingPoint.strongShare()));
        json.put("operating_point", point);
        Map<String, Object> table = new LinkedHashMap<>();
        for (Baseline row : rows) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("mean_quality", round(row.meanQuality()));
            values.put("total_cost_usd", round(row.totalCostUsd()));
            values.put("mean_cost_usd", row.meanCostUsd());
            values.put("quality_fraction_of_strongest", round(row.qualityOfStrongest()));
            values.put("cost_saving_vs_strongest", round(row.costSaving()));
            table.put(row.name().replace(" (operating point)", "").replace(" ", "_").replace("-", "_"), values);
        }
        json.put("results", table);
        List<Map<String, Object>> points = new ArrayList<>();
        for (OperatingPoint p : curve) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("min_gain_per_usd", p.minGainPerUsd());
            values.put("accept_score", Double.isNaN(p.acceptScore()) ? null : p.acceptScore());
            values.put("mean_quality", round(p.meanQuality()));
            values.put("quality_fraction_of_strongest", round(p.meanQuality() / strongQuality));
            values.put("cost_saving_vs_strongest", round(1 - p.costUsd() / strongCostUsd));
            values.put("strong_call_share", round(p.strongShare()));
            points.add(values);
        }
        json.put("curve", points);
        json.put("classifier", classifier);
        json.put("scorer", scorer);
        return json;
    }

    static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1e6) / 1e6 : value;
    }

    private static String number(double value) {
        return value >= Evaluation.NEVER ? "never" : String.format(Locale.ROOT, "%.4g", value);
    }
}
