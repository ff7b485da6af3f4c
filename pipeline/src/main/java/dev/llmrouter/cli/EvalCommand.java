package dev.llmrouter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrouter.data.RecordedPrompt;
import dev.llmrouter.data.RecordedSet;
import dev.llmrouter.data.RouterBenchCsv;
import dev.llmrouter.data.Splits;
import dev.llmrouter.eval.EvalReport;
import dev.llmrouter.eval.Evaluation;
import dev.llmrouter.eval.SvgChart;
import dev.llmrouter.route.PolicyLoader;
import dev.llmrouter.route.RoutingPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = EvalCommand.Split.class,
        description = {"Replay recorded outcomes (RouterBench CSV layout) through the classifier, router and speculation code:",
                "train on --train, report cost and quality on --test against the baselines. No LLM is called."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--train", description = "Recorded set to train on (.csv or .csv.gz).")
    Path train;

    @Option(names = "--test", description = "Recorded set to replay; no prompt of it may be in --train.")
    Path test;

    @Option(names = "--policy", description = "Take the operating point (selection.min-gain-per-usd, speculation.accept-score) from this policy"
            + " instead of choosing it by cross-validation on --train.")
    Path policy;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--chart", description = "Write the cost-quality chart to this SVG file.")
    Path chart;

    @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds on --train (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--target-quality", defaultValue = "0.95",
            description = "Share of the strongest model's quality the chosen operating point must keep in cross-validation (default ${DEFAULT-VALUE}).")
    double targetQuality;

    @Option(names = "--margin", defaultValue = "1.0", description = "Standard errors across folds by which the chosen point's"
            + " cross-validated quality must clear --target-quality (default ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the cross-validation folds (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (train == null || test == null) {
            System.err.println("eval needs --train FILE and --test FILE (or the subcommand split); see eval --help");
            return 2;
        }
        try {
            progress("reading " + train + " and " + test);
            RecordedSet trainSet = RouterBenchCsv.read(train);
            RecordedSet testSet = RouterBenchCsv.read(test);
            RoutingPolicy routingPolicy = policy == null ? null : PolicyLoader.load(policy);
            if (routingPolicy != null && routingPolicy.selection() == null) {
                System.err.println(policy + ": has no selection section, so it sets no operating point to evaluate");
                return 1;
            }
            Set<String> trainPrompts = trainSet.prompts().stream().map(RecordedPrompt::prompt).collect(Collectors.toSet());
            long overlap = testSet.prompts().stream().filter(p -> trainPrompts.contains(p.prompt())).count();
            if (overlap > 0) {
                System.err.println(test + ": " + overlap + " prompts also appear in " + train + "; make held-out splits with eval split");
                return 1;
            }
            EvalReport report = new Evaluation(new Evaluation.Options(folds, targetQuality, margin, seed), EvalCommand::progress)
                    .run(trainSet, testSet, routingPolicy);
            if (chart != null) {
                SvgChart.write(report, "Router on " + test.getFileName(), chart);
                progress("chart written to " + chart);
            }
            System.out.println(json ? new ObjectMapper().writeValueAsString(report.json()) : report.table());
            return 0;
        } catch (RouterBenchCsv.InvalidCsvException | PolicyLoader.InvalidPolicyException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    static void progress(String message) {
        System.err.println("[eval] " + message);
    }

    @Command(name = "split", mixinStandardHelpOptions = true,
            description = "Split a recorded set into train and test parts reproducibly; identical prompts stay on one side.")
    static final class Split implements Callable<Integer> {

        @Option(names = "--in", required = true, description = "Recorded set to split.")
        Path in;

        @Option(names = "--seed", defaultValue = "42", description = "Shuffle seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--test-fraction", defaultValue = "0.5", description = "Share of prompts in the test part (default ${DEFAULT-VALUE}).")
        double testFraction;

        @Option(names = "--train-out", required = true, description = "Where the train part goes (.csv or .csv.gz).")
        Path trainOut;

        @Option(names = "--test-out", required = true, description = "Where the test part goes (.csv or .csv.gz).")
        Path testOut;

        @Override
        public Integer call() throws IOException {
            try {
                Splits.Split split = Splits.split(RouterBenchCsv.read(in), seed, testFraction);
                RouterBenchCsv.write(split.train(), trainOut);
                RouterBenchCsv.write(split.test(), testOut);
                System.out.printf("%s: %d prompts -> %s (%d), %s (%d)%n", in, split.train().prompts().size() + split.test().prompts().size(),
                        trainOut, split.train().prompts().size(), testOut, split.test().prompts().size());
                return 0;
            } catch (RouterBenchCsv.InvalidCsvException | IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }
}
