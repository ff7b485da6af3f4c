package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WorkerJvmOptionsTest {

    @Test
    void shouldRunComposeWorkersWithTheJvmOptionsTheBenchmarkMeasured() throws IOException {
        // given the workers service of docker-compose.yml
        String compose = Files.readString(Path.of("..", "docker-compose.yml"));
        String workers = compose.substring(compose.indexOf("\n  workers:"));
        workers = workers.substring(0, workers.indexOf("\n\n"));

        // when its JVM options are read
        Matcher options = Pattern.compile("JDK_JAVA_OPTIONS: \"([^\"]*)\"").matcher(workers);

        // then they are the ones the workers benchmark runs its worker with
        assertThat(options.find()).as("JDK_JAVA_OPTIONS of the workers service").isTrue();
        assertThat(List.of(options.group(1).split(" "))).isEqualTo(PipelineProcess.WORKER_JVM_OPTIONS);
    }
}
