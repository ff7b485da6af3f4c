package dev.llmrouter.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The scorer's learned weights as stored, with the feature names they belong to so that a file trained
 * for another feature set is refused instead of misread.
 *
 * @param version  written into the scorer's reports
 * @param features {@link AnswerFeatures#NAMES} at training time
 * @param model    the fitted logistic regression
 * @param trainedOn how many recorded answers it was fitted on
 */
public record ScorerWeights(String version, List<String> features, Logistic model, int trainedOn) {

    /** The weights shipped with the pipeline, trained by {@code ./llm-router train} on data/gsm8k.csv.gz. */
    public static final String BUNDLED = "/quality/scorer-weights.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ScorerWeights {
        if (!features.equals(AnswerFeatures.NAMES)) {
            throw new IllegalArgumentException("scorer weights " + version + " were trained for features " + features
                    + ", not " + AnswerFeatures.NAMES + "; train them again");
        }
    }

    public static ScorerWeights bundled() {
        try (InputStream in = ScorerWeights.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("scorer weights " + BUNDLED + " are missing from the classpath; train them with ./llm-router train");
            }
            return JSON.readValue(in, ScorerWeights.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ScorerWeights read(Path path) throws IOException {
        return JSON.readValue(path.toFile(), ScorerWeights.class);
    }

    public void write(Path path) throws IOException {
        Files.writeString(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
    }
}
