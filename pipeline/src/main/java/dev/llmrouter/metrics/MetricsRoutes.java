package dev.llmrouter.metrics;

import dev.llmrouter.http.WebResponse;
import dev.llmrouter.http.WebServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: every meter of the instance in the Prometheus text format. */
public final class MetricsRoutes {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsRoutes() {
    }

    public static void register(WebServer web, PrometheusMeterRegistry registry) {
        web.get("/metrics", request -> WebResponse.text(200, PROMETHEUS_TEXT, registry.scrape()));
    }
}
