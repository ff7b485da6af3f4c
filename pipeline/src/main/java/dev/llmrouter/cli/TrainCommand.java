package dev.llmrouter.cli;

import dev.llmrouter.classify.ClassifierTrainer;
import dev.llmrouter.classify.TopicModel;
import dev.llmrouter.data.RecordedPrompt;
import dev.llmrouter.data.RecordedSet;
import dev.llmrouter.data.RouterBenchCsv;
import dev.llmrouter.quality.ScorerTrainer;
import dev.llmrouter.quality.ScorerWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the classifier (and the answer scorer, where the data has answer texts) from recorded sets in the",
                "RouterBench CSV layout. The shipped models are made with:",
                "  ./llm-router train --data data/mmlu.csv.gz --data data/gsm8k.csv.gz \\",
                "    --out pipeline/src/main/resources/classifier/topic-model.json.gz \\",
                "    --scorer-out pipeline/src/main/resources/quality/scorer-weights.json"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "Recorded set(s) to train on; all must name the same models.")
    List<Path> data;

    @Option(names = "--out", required = true, description = "Where the classifier model goes (gzip JSON).")
    Path out;

    @Option(names = "--scorer-out", description = "Where the scorer weights go (JSON); trained when the data has answer texts.")
    Path scorerOut;

    @Option(names = "--version", defaultValue = "topic-nb-v2", description = "Version recorded in every classification (default ${DEFAULT-VALUE}).")
    String version;

    @Override
    public Integer call() throws IOException {
        try {
            RecordedSet all = null;
            List<RecordedPrompt> prompts = new ArrayList<>();
            for (Path file : data) {
                RecordedSet set = RouterBenchCsv.read(file);
                if (all != null && !all.models().equals(set.models())) {
                    System.err.println(file + ": names models " + set.models() + ", but " + data.getFirst() + " names " + all.models());
                    return 1;
                }
                all = set;
                prompts.addAll(set.prompts());
            }
            RecordedSet training = all.withPrompts(prompts);
            TopicModel model = ClassifierTrainer.train(training, version);
            model.write(out);
            System.out.printf("classifier %s: %d prompts, %d topics, %d words -> %s%n", version, prompts.size(), model.topics().size(),
                    model.file().vocabulary().size(), out);
            if (scorerOut != null) {
                Optional<ScorerWeights> weights = ScorerTrainer.train(training, version);
                if (weights.isEmpty()) {
                    System.err.println("no answer texts of the cheapest model in the data: scorer weights not written");
                    return 1;
                }
                weights.get().write(scorerOut);
                System.out.printf("scorer %s: %d answers -> %s%n", version, weights.get().trainedOn(), scorerOut);
            }
            return 0;
        } catch (RouterBenchCsv.InvalidCsvException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
