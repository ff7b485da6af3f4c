package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.embedded.Directories;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkDirTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void shouldDeleteTheDirectoryWhenTheBenchmarkFinishes() throws Exception {
        // given a benchmark that writes a state store and a log under its directory
        AtomicReference<Path> used = new AtomicReference<>();

        // when it finishes
        String result = WorkDir.using("work-dir-test", out, work -> {
            used.set(work);
            Files.createDirectories(work.resolve("state/0_1"));
            Files.writeString(work.resolve("state/0_1/000001.sst"), "rows");
            Files.writeString(work.resolve("pipeline.log"), "started");
            return "figures";
        });

        // then its result comes back and nothing of the directory is left
        assertThat(result).isEqualTo("figures");
        assertThat(used.get()).doesNotExist();
    }

    @Test
    void shouldKeepAndNameTheDirectoryWhenTheBenchmarkFails() throws Exception {
        // given a benchmark whose pipeline wrote a log and then failed
        AtomicReference<Path> used = new AtomicReference<>();

        // when it throws
        assertThatThrownBy(() -> WorkDir.using("work-dir-test", out, work -> {
            used.set(work);
            Files.writeString(work.resolve("pipeline.log"), "the pipeline died");
            throw new IllegalStateException("pipeline exited");
        })).isInstanceOf(IllegalStateException.class).hasMessage("pipeline exited");

        // then the log is still there and the output says where
        try {
            assertThat(used.get().resolve("pipeline.log")).hasContent("the pipeline died");
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains(used.get().toString());
        } finally {
            Directories.deleteTree(used.get());
        }
    }
}
