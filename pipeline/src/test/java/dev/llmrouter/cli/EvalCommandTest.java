package dev.llmrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrouter.data.RouterBenchCsv;
import dev.llmrouter.support.Recorded;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void shouldSplitThenPrintOneJsonObjectWithTheHeadlineFiguresAndWriteTheChart() throws Exception {
        Path all = dir.resolve("all.csv");
        RouterBenchCsv.write(Recorded.twoTopics(60, 0), all);
        assertThat(run("eval", "split", "--in", all.toString(), "--seed", "3", "--test-fraction", "0.5",
                "--train-out", dir.resolve("train.csv.gz").toString(), "--test-out", dir.resolve("test.csv.gz").toString())).isZero();
        out.reset();

        int exit = run("eval", "--train", dir.resolve("train.csv.gz").toString(), "--test", dir.resolve("test.csv.gz").toString(),
                "--json", "--folds", "3", "--chart", dir.resolve("chart.svg").toString());

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("cost_saving_at_95pct_quality").asDouble()).isGreaterThan(0.3);
        assertThat(json.has("apgr")).isTrue();
        assertThat(json.get("results").get("always_strongest").get("cost_saving_vs_strongest").asDouble()).isZero();
        assertThat(json.get("results").fieldNames()).toIterable()
                .containsExactly("router", "always_strongest", "always_cheapest", "random_mix_at_equal_cost", "oracle");
        assertThat(Files.readString(dir.resolve("chart.svg"))).startsWith("<svg").contains("saving at 95%");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("[eval] replaying the test set");
    }

    @Test
    void shouldRefuseATestSetThatSharesPromptsWithTheTrainingSet() throws Exception {
        Path all = dir.resolve("all.csv");
        RouterBenchCsv.write(Recorded.twoTopics(10, 0), all);

        int exit = run("eval", "--train", all.toString(), "--test", all.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("20 prompts also appear in");
    }

    private static int run(String... args) {
        return new CommandLine(new LlmRouterCommand()).execute(args);
    }
}
