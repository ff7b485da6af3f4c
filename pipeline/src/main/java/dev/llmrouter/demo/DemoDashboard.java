package dev.llmrouter.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrouter.http.WebResponse;
import dev.llmrouter.schema.CostEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The demo's window on the pipeline's HTTP server: where the dashboard is, a check that the spend the
 * Streams application aggregated (read through an interactive query) matches the cost events, and
 * holding the dashboard open on request.
 */
final class DemoDashboard {

    private static final Duration SETTLE = Duration.ofSeconds(15);

    private final PrintStream out;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final CountDownLatch closed = new CountDownLatch(1);

    DemoDashboard(PrintStream out, int port) {
        this.out = out;
        this.base = "http://127.0.0.1:" + port;
    }

    String url() {
        return base + "/dashboard/";
    }

    /** Waits until the spend store counted every cost event, then prints what it holds. */
    void crossCheck(Collection<CostEvent> costs) throws InterruptedException {
        long expectedMicros = costs.stream().mapToLong(CostEvent::getCostMicros).sum();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        JsonNode total = null;
        while (System.nanoTime() < deadline) {
            total = spendToday();
            if (total != null && total.path("calls").asLong() >= costs.size()) {
                break;
            }
            Thread.sleep(200);
        }
        out.println();
        if (total == null) {
            out.println("The spend query at " + base + "/api/spend/models?window=day did not answer.");
            return;
        }
        String agrees = total.path("costMicros").asLong() == expectedMicros ? "matches the cost events" : "differs from the cost events";
        out.printf("Spend today as Kafka Streams aggregated it (GET %s/api/spend/models?window=day): %d calls, %s USD, "
                        + "%s USD on the premium model; %s.%n", base, total.path("calls").asLong(),
                BigDecimal.valueOf(total.path("costMicros").asLong(), 6).toPlainString(),
                BigDecimal.valueOf(total.path("premiumCostMicros").asLong(), 6).toPlainString(), agrees);
    }

    void pointAt(boolean keepRunning) {
        out.println();
        out.println("See it live on the dashboard: " + url());
        out.println("  metrics: " + base + "/metrics   decisions: " + base + "/api/decisions/recent   budgets: " + base + "/api/budgets");
        if (!keepRunning) {
            out.println("  (the demo stops now; run `./llm-router demo --keep-running` to keep the dashboard up)");
        }
    }

    /**
     * Blocks until the person presses Enter (at a terminal) or the process is asked to stop (Ctrl-C,
     * SIGTERM). Enter closes everything in order; on a signal the JVM waits, up to a minute, for
     * {@link #closed()}, though the embedded broker's own exit hook may then log about files it is
     * removing under it.
     */
    void holdOpen() throws InterruptedException {
        out.println();
        boolean terminal = System.console() != null;
        out.println("Keeping the pipeline and dashboard up at " + url() + "; press " + (terminal ? "Enter (or Ctrl-C)" : "Ctrl-C")
                + " to stop.");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "llm-router-demo-stop"));
        if (terminal) {
            Thread.ofVirtual().name("llm-router-demo-enter").start(() -> {
                try {
                    System.in.read();
                } catch (IOException e) {
                    // no input to wait for: only a signal stops the demo
                    return;
                }
                stop.countDown();
            });
        }
        stop.await();
        out.println("Stopping ...");
    }

    /** Everything the demo started is closed. */
    void closed() {
        closed.countDown();
    }

    private JsonNode spendToday() throws InterruptedException {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/spend/models?window=day"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? WebResponse.MAPPER.readTree(response.body()).path("total") : null;
        } catch (IOException e) {
            return null;
        }
    }
}
