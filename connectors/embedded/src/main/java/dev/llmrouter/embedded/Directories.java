package dev.llmrouter.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removal of the temporary directories the embedded stack, the demo and the benchmarks write to. */
public final class Directories {

    private static final Logger log = LoggerFactory.getLogger(Directories.class);

    private Directories() {
    }

    /**
     * Deletes {@code root} and everything under it; nothing happens when it does not exist.
     *
     * @throws UncheckedIOException when a file or directory cannot be deleted
     */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + root, e);
        }
    }

    /** {@link #deleteTree}, for clean-up on close: a directory that cannot be deleted is logged, not thrown. */
    public static void deleteTreeOrWarn(Path root) {
        try {
            deleteTree(root);
        } catch (UncheckedIOException e) {
            log.warn("Could not delete {}: {}", root, e.getCause().toString());
        }
    }
}
