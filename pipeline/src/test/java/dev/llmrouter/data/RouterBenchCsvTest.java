package dev.llmrouter.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.support.Recorded;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterBenchCsvTest {

    private static final String CSV = """
            ,sample_id,prompt,eval_name,m1,m1|model_response,m1|total_cost,oracle_label,m2,m2|total_cost
            0,s.0,"A prompt, with a comma
            and a line break and \"\"quotes\"\"\",bench/a,1.0,"answer one",0.0001,m1,0.0,0.002
            1,s.1,Plain prompt,bench/b,0.0,,0.0002,m2,1.0,0.003
            """;

    @Test
    void shouldTakeTheModelsFromTheHeaderAndIgnoreOtherColumns() throws Exception {
        RecordedSet set = read(CSV);

        assertThat(set.models()).containsExactly("m1", "m2");
        assertThat(set.prompts()).hasSize(2);
        RecordedPrompt first = set.prompts().getFirst();
        assertThat(first.prompt()).isEqualTo("A prompt, with a comma\nand a line break and \"quotes\"");
        assertThat(first.evalName()).isEqualTo("bench/a");
        assertThat(first.quality()).containsExactly(1.0, 0.0);
        assertThat(first.costUsd()).containsExactly(0.0001, 0.002);
        assertThat(first.response(0)).contains("answer one");
        assertThat(first.response(1)).isEmpty();
        assertThat(set.prompts().get(1).response(0)).isEmpty();
    }

    @Test
    void shouldNameTheLineAndColumnOfABadNumber() {
        assertThatThrownBy(() -> read(CSV.replace("1,s.1,Plain prompt,bench/b,0.0", "1,s.1,Plain prompt,bench/b,zero")))
                .isInstanceOf(RouterBenchCsv.InvalidCsvException.class)
                .hasMessage("test.csv:4: column 'm1' is 'zero'; allowed: a number");
    }

    @Test
    void shouldRejectAFileWithoutModelColumns() {
        assertThatThrownBy(() -> read("sample_id,prompt,eval_name\ns,p,e\n"))
                .isInstanceOf(RouterBenchCsv.InvalidCsvException.class)
                .hasMessageContaining("no model columns");
    }

    @Test
    void shouldReadBackWhatItWroteCompressed(@TempDir Path dir) throws Exception {
        RecordedSet set = read(CSV);
        Path file = dir.resolve("copy.csv.gz");

        RouterBenchCsv.write(set, file);
        RecordedSet again = RouterBenchCsv.read(file);

        assertThat(again.models()).isEqualTo(set.models());
        assertThat(again.prompts()).extracting(RecordedPrompt::prompt).containsExactlyElementsOf(set.prompts().stream().map(RecordedPrompt::prompt).toList());
        assertThat(again.prompts().getFirst().response(0)).contains("answer one");
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void shouldSplitReproduciblyWithNoPromptOnBothSides() {
        RecordedSet set = Recorded.twoTopics(50, 0);
        RecordedSet withDuplicate = set.withPrompts(java.util.stream.Stream.concat(set.prompts().stream(), set.prompts().stream().limit(5)).toList());

        Splits.Split split = Splits.split(withDuplicate, 7, 0.5);
        Splits.Split again = Splits.split(withDuplicate, 7, 0.5);

        var trainPrompts = split.train().prompts().stream().map(RecordedPrompt::prompt).toList();
        assertThat(split.test().prompts()).noneMatch(p -> trainPrompts.contains(p.prompt()));
        assertThat(split.train().prompts().size() + split.test().prompts().size()).isEqualTo(withDuplicate.prompts().size());
        assertThat(split.test().prompts().size()).isBetween(50, 56);
        assertThat(again.test().prompts()).extracting(RecordedPrompt::id).containsExactlyElementsOf(split.test().prompts().stream().map(RecordedPrompt::id).toList());
    }

    private static RecordedSet read(String csv) throws Exception {
        return RouterBenchCsv.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "test.csv");
    }
}
