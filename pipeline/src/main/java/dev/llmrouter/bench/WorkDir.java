package dev.llmrouter.bench;

import dev.llmrouter.embedded.Directories;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A benchmark's temporary directory (state stores, the child JVMs' configurations and logs): deleted when the
 * benchmark finishes, kept and named when it fails, since its logs are then what explains the failure. A
 * pipeline benchmark writes a few hundred megabytes there, too much to leave behind on every run.
 */
final class WorkDir {

    /** What a benchmark does with its directory. */
    @FunctionalInterface
    interface Body<T> {
        T run(Path work) throws Exception;
    }

    private WorkDir() {
    }

    static <T> T using(String prefix, PrintStream out, Body<T> body) throws Exception {
        Path work = Files.createTempDirectory(prefix);
        T result;
        try {
            result = body.run(work);
        } catch (Exception | Error e) {
            out.printf("  the benchmark failed; its logs are kept in %s%n", work);
            throw e;
        }
        Directories.deleteTree(work);
        return result;
    }
}
