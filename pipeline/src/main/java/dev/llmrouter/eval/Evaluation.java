package dev.llmrouter.eval;

import dev.llmrouter.data.RecordedSet;
import dev.llmrouter.data.Splits;
import dev.llmrouter.route.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Offline evaluation: trains on one recorded set, replays another through the pipeline's code over a
 * grid of thresholds, and compares with the baselines. The operating point is fixed before the test
 * set is touched: by the policy file when one is given, else by cross-validation on the training set
 * (the cheapest grid point whose cross-validated quality reaches the target share of the strongest
 * model's).
 */
public final class Evaluation {

    /** Selection thresholds tried: 0, 24 per decade from 1 to 10^6 quality points per USD, and "never pay more". */
    static final double[] GAINS;
    static final double NEVER = 1e12;
    private static final int PER_DECADE = 24;

    static {
        GAINS = new double[6 * PER_DECADE + 3];
        for (int k = 0; k <= 6 * PER_DECADE; k++) {
            GAINS[k + 1] = Math.pow(10, k / (double) PER_DECADE);
        }
        GAINS[GAINS.length - 1] = NEVER;
    }

    /** Speculation thresholds tried: 0 to 1 in steps of 0.025. */
    static final double[] ACCEPT_SCORES = new double[41];

    static {
        for (int i = 0; i < ACCEPT_SCORES.length; i++) {
            ACCEPT_SCORES[i] = i / 40.0;
        }
    }

    /**
     * @param folds         cross-validation folds for choosing the operating point
     * @param targetQuality share of the strongest model's quality the operating point must keep
     * @param margin        standard errors (across folds) by which the cross-validated quality share must
     *                      clear the target, so that a point which reaches it by luck in a few folds is not chosen
     * @param seed          for the cross-validation folds
     */
    public record Options(int folds, double targetQuality, double margin, long seed) {
        public static Options defaults() {
            return new Options(5, 0.95, 1.0, 42);
        }
    }

    private final Options options;
    private final Consumer<String> progress;

    public Evaluation(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * @param policy the operating point's thresholds come from its selection and speculation sections when
     *               present; null to choose them by cross-validation on {@code train}
     */
    public EvalReport run(RecordedSet train, RecordedSet test, RoutingPolicy policy) {
        if (!train.models().equals(test.models())) {
            throw new IllegalArgumentException("train and test files name different models: " + train.models() + " vs " + test.models());
        }
        progress.accept("training the classifier, scorer and prices on " + train.prompts().size() + " prompts");
        TrainedRouting routing = TrainedRouting.train(train, "eval");
        boolean speculative = routing.policy.speculation() != null;
        double[] acceptScores = speculative ? ACCEPT_SCORES : new double[] {Double.NaN};

        OperatingPoint chosen;
        String source;
        if (policy != null && policy.selection() != null) {
            double accept = policy.speculation() != null ? policy.speculation().acceptScore() : 1.0;
            chosen = new OperatingPoint(policy.selection().minGainPerUsd(), speculative ? accept : Double.NaN, 0, 0, 0, 0);
            source = "policy file " + policy.version();
        } else {
            chosen = crossValidate(train, acceptScores);
            source = String.format(Locale.ROOT, "%d-fold cross-validation on the training set: the cheapest point whose quality"
                    + " share, less %.1f standard errors across folds, reaches %.2f of the strongest model's", options.folds(), options.margin(),
                    options.targetQuality());
        }

        progress.accept("classifying " + test.prompts().size() + " test prompts");
        Replay replay = new Replay(routing, test);
        progress.accept(String.format("replaying the test set at %d operating points", GAINS.length * acceptScores.length));
        List<OperatingPoint> grid = sweep(replay, acceptScores);
        OperatingPoint atChosen = replay.run(chosen.minGainPerUsd(), Double.isNaN(chosen.acceptScore()) ? 0 : chosen.acceptScore());
        progress.accept("done");
        return EvalReport.of(train, test, routing, replay, grid, atChosen, source);
    }

    private List<OperatingPoint> sweep(Replay replay, double[] acceptScores) {
        List<OperatingPoint> points = new ArrayList<>(GAINS.length * acceptScores.length);
        for (double accept : acceptScores) {
            for (double gain : GAINS) {
                points.add(replay.run(gain, Double.isNaN(accept) ? 0 : accept));
            }
        }
        return points;
    }

    private OperatingPoint crossValidate(RecordedSet train, double[] acceptScores) {
        List<Splits.Split> folds = Splits.folds(train, options.folds(), options.seed());
        List<List<OperatingPoint>> perFold = new ArrayList<>();
        List<Double> strongestPerFold = new ArrayList<>();
        for (int f = 0; f < folds.size(); f++) {
            progress.accept(String.format("cross-validation fold %d/%d: training on %d, replaying %d", f + 1, folds.size(),
                    folds.get(f).train().prompts().size(), folds.get(f).test().prompts().size()));
            TrainedRouting routing = TrainedRouting.train(folds.get(f).train(), "cv" + f);
            perFold.add(sweep(new Replay(routing, folds.get(f).test()), acceptScores));
            int strong = routing.strongest;
            strongestPerFold.add(folds.get(f).test().prompts().stream().mapToDouble(p -> p.quality()[strong]).sum());
        }
        OperatingPoint best = null;
        for (int i = 0; i < perFold.getFirst().size(); i++) {
            OperatingPoint total = perFold.getFirst().get(i);
            double[] share = new double[perFold.size()];
            for (int f = 0; f < perFold.size(); f++) {
                if (f > 0) {
                    total = total.plus(perFold.get(f).get(i));
                }
                share[f] = perFold.get(f).get(i).qualitySum() / Math.max(1e-12, strongestPerFold.get(f));
            }
            if (lowerBound(share, options.margin()) >= options.targetQuality() - 1e-12
                    && (best == null || total.costUsd() < best.costUsd()
                    || (total.costUsd() == best.costUsd() && total.meanQuality() > best.meanQuality()))) {
                best = total;
            }
        }
        return best != null ? best : perFold.getFirst().getFirst();
    }

    /** Mean of the folds' quality shares less {@code margin} standard errors of that mean. */
    static double lowerBound(double[] shares, double margin) {
        double mean = 0;
        for (double share : shares) {
            mean += share / shares.length;
        }
        if (shares.length < 2 || margin == 0) {
            return mean;
        }
        double squares = 0;
        for (double share : shares) {
            squares += (share - mean) * (share - mean);
        }
        return mean - margin * Math.sqrt(squares / (shares.length - 1) / shares.length);
    }

    private static List<OperatingPoint> sum(List<OperatingPoint> a, List<OperatingPoint> b) {
        List<OperatingPoint> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i).plus(b.get(i)));
        }
        return out;
    }
}
