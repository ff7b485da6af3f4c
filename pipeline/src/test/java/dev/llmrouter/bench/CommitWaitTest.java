package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommitWaitTest {

    private static final String METRICS = """
            # HELP kafka_producer_flush_time_ns_total Total time blocked on flush
            # TYPE kafka_producer_flush_time_ns_total counter
            kafka_producer_flush_time_ns_total{client_id="app-1-StreamThread-1-producer",kafka_version="4.3.1"} 3.0E9
            kafka_producer_flush_time_ns_total{client_id="producer-1",kafka_version="4.3.1"} 7.0E9
            kafka_producer_txn_send_offsets_time_ns_total{client_id="app-1-StreamThread-1-producer",kafka_version="4.3.1"} 1.0E9
            kafka_producer_txn_commit_time_ns_total{client_id="app-1-StreamThread-1-producer",kafka_version="4.3.1"} 5.0E8
            kafka_consumer_commit_sync_time_ns_total{client_id="app-1-StreamThread-1-consumer",kafka_version="4.3.1"} 2.5E8
            kafka_consumer_commit_sync_time_ns_total{client_id="consumer-llm-router-workers-1",kafka_version="4.3.1"} 9.0E9
            kafka_consumer_committed_time_ns_total{client_id="app-1-StreamThread-1-consumer",kafka_version="4.3.1"} 8.0E9
            kafka_stream_thread_commit_total{kafka_version="4.3.1",thread_id="app-1-StreamThread-1"} 1000.0
            kafka_stream_thread_commit_latency_avg{kafka_version="4.3.1",thread_id="app-1-StreamThread-1"} 2.5
            """;

    @Test
    void shouldCountOnlyTheStreamThreadsWaitsForTheBrokerInItsCommits() throws Exception {
        // given a metrics page with the stream thread's clients beside the worker's
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = METRICS.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            // when the benchmark reads it
            CommitWait.Sample sample = new CommitWait(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics")).sample();

            // then the flushes, the transaction's offsets and commit and the offset commit of the stream thread add up
            assertThat(sample.waitNanos()).isEqualTo(4.75e9);
            assertThat(sample.commits()).isEqualTo(1000);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldGiveTheWaitASecondAndACommitBetweenTwoSamples() {
        // given two samples two seconds apart, 100 commits and 500 ms of waiting between them
        CommitWait.Sample earlier = new CommitWait.Sample(1_000_000_000L, 1e9, 50);
        CommitWait.Sample later = new CommitWait.Sample(3_000_000_000L, 1.5e9, 150);

        // then
        assertThat(later.millisPerSecondSince(earlier)).isEqualTo(250.0);
        assertThat(later.millisPerCommitSince(earlier)).isEqualTo(5.0);
    }
}
