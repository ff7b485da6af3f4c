package dev.llmrouter.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * How long a pipeline instance's stream threads waited for the broker inside their commits, from the Kafka client
 * metrics on its {@code /metrics} page: the producer's flushes, the transaction's offsets and commit (exactly-once) and
 * the consumer's offset commit (at-least-once). The stream thread processes nothing while it waits, so this is time
 * every request arriving meanwhile waits too.
 */
final class CommitWait {

    private static final List<String> WAITS = List.of("kafka_producer_flush_time_ns_total", "kafka_producer_txn_send_offsets_time_ns_total",
            "kafka_producer_txn_commit_time_ns_total", "kafka_consumer_commit_sync_time_ns_total");
    private static final String COMMITS = "kafka_stream_thread_commit_total";
    /** Streams names every client of a stream thread, and the thread's own metrics, after the thread. */
    private static final String STREAM_THREAD = "StreamThread-";

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;

    CommitWait(URI metrics) {
        this.metrics = metrics;
    }

    /** The totals so far. */
    Sample sample() throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + metrics + ": HTTP " + response.statusCode());
        }
        double[] totals = new double[2];
        try (Stream<String> lines = response.body()) {
            lines.filter(line -> !line.startsWith("#") && line.contains(STREAM_THREAD)).forEach(line -> {
                String name = line.substring(0, line.indexOf('{'));
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (WAITS.contains(name)) {
                    totals[0] += value;
                } else if (name.equals(COMMITS)) {
                    totals[1] += value;
                }
            });
        }
        return new Sample(System.nanoTime(), totals[0], totals[1]);
    }

    /**
     * The totals at one moment.
     *
     * @param at        {@link System#nanoTime()} when taken
     * @param waitNanos nanoseconds the stream threads waited in commits so far
     * @param commits   commits so far
     */
    record Sample(long at, double waitNanos, double commits) {

        /** Milliseconds waited per second of wall time since {@code earlier}. */
        double millisPerSecondSince(Sample earlier) {
            return round((waitNanos - earlier.waitNanos) / 1e6 / ((at - earlier.at) / 1e9));
        }

        /** Milliseconds waited per commit since {@code earlier}. */
        double millisPerCommitSince(Sample earlier) {
            double commitsSince = commits - earlier.commits;
            return commitsSince == 0 ? 0 : round((waitNanos - earlier.waitNanos) / 1e6 / commitsSince);
        }

        private static double round(double value) {
            return Math.round(value * 100) / 100.0;
        }
    }
}
