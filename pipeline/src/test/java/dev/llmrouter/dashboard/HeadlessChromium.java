package dev.llmrouter.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Debian's chromium, headless: renders a page, lets its scripts run for a virtual time budget, and screenshots or dumps it. */
final class HeadlessChromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private final Path binary;
    private final Path profile;

    private HeadlessChromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    /** The first chromium on the PATH, or empty when none is installed. */
    static Optional<HeadlessChromium> find(Path profile) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : NAMES) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate, profile));
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM after the page's scripts ran for {@code virtualMillis} of virtual time. */
    String dumpDom(String url, int virtualMillis) throws IOException, InterruptedException {
        return run(List.of("--virtual-time-budget=" + virtualMillis, "--dump-dom", url));
    }

    void screenshot(String url, Path file, int width, int height, int virtualMillis) throws IOException, InterruptedException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        run(List.of("--virtual-time-budget=" + virtualMillis, "--window-size=" + width + "," + height,
                "--screenshot=" + file.toAbsolutePath(), url));
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            throw new IllegalStateException("chromium wrote no screenshot to " + file);
        }
    }

    private String run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(arguments);
        Path log = Files.createTempFile("chromium", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("chromium did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
