package dev.llmrouter.dashboard;

import dev.llmrouter.http.WebResponse;
import dev.llmrouter.http.WebServer;
import dev.llmrouter.metrics.WorkerMetrics;
import dev.llmrouter.worker.ProviderGuards.CircuitHealth;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code GET /api/health}: whether this instance is serving (200 UP or DEGRADED, 503 DOWN) and why;
 * {@code GET /api/providers}: each provider's and model's calls, errors and circuit state, for the
 * dashboard's provider health.
 */
public final class StatusRoutes {

    private static final Set<KafkaStreams.State> SERVING = EnumSet.of(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
    private static final Set<CircuitBreaker.State> OPEN = EnumSet.of(CircuitBreaker.State.OPEN, CircuitBreaker.State.FORCED_OPEN);

    private final Sources sources;

    /**
     * What the status is read from.
     *
     * @param streamsState the Streams application's state, empty on a workers-only instance
     * @param workers      worker instances in this process
     * @param inFlight     provider calls in flight
     * @param circuits     the circuit of every model called so far
     * @param registry     the registry the workers record provider calls in
     */
    public record Sources(Supplier<Optional<KafkaStreams.State>> streamsState, int workers, IntSupplier inFlight,
                          Supplier<List<CircuitHealth>> circuits, MeterRegistry registry) {
    }

    public StatusRoutes(Sources sources) {
        this.sources = sources;
    }

    public void register(WebServer web) {
        web.get("/api/health", request -> health());
        web.get("/api/providers", request -> WebResponse.json(Map.of("providers", providers())));
    }

    private WebResponse health() {
        Optional<KafkaStreams.State> streams = sources.streamsState().get();
        List<String> open = sources.circuits().get().stream().filter(c -> OPEN.contains(c.state())).map(CircuitHealth::model).toList();
        String status;
        if (streams.isPresent() && !SERVING.contains(streams.get())) {
            status = "DOWN";
        } else if (!open.isEmpty()) {
            status = "DEGRADED";
        } else {
            status = "UP";
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("streams", streams.map(Enum::name).orElse(null));
        body.put("workers", sources.workers());
        body.put("inFlight", sources.inFlight().getAsInt());
        body.put("openCircuits", open);
        return WebResponse.json("DOWN".equals(status) ? 503 : 200, body);
    }

    /** Calls and failures since start, from the workers' counters, with each model's circuit. */
    private List<Map<String, Object>> providers() {
        Map<String, Map<String, long[]>> calls = new TreeMap<>();
        for (Counter counter : sources.registry().find(WorkerMetrics.PROVIDER_CALLS).counters()) {
            String outcome = counter.getId().getTag("outcome");
            if ("circuit_open".equals(outcome)) {
                continue;
            }
            long[] totals = calls.computeIfAbsent(counter.getId().getTag("provider"), p -> new TreeMap<>())
                    .computeIfAbsent(counter.getId().getTag("model"), m -> new long[2]);
            totals[0] += (long) counter.count();
            if (!"success".equals(outcome)) {
                totals[1] += (long) counter.count();
            }
        }
        Map<String, CircuitHealth> circuits = new TreeMap<>();
        sources.circuits().get().forEach(circuit -> circuits.put(circuit.model(), circuit));
        circuits.keySet().forEach(name -> {
            int slash = name.indexOf('/');
            calls.computeIfAbsent(name.substring(0, slash), p -> new TreeMap<>()).computeIfAbsent(name.substring(slash + 1), m -> new long[2]);
        });
        List<Map<String, Object>> providers = new ArrayList<>();
        calls.forEach((provider, models) -> {
            long providerCalls = 0;
            long providerFailures = 0;
            List<Map<String, Object>> modelRows = new ArrayList<>();
            for (Map.Entry<String, long[]> model : models.entrySet()) {
                long[] totals = model.getValue();
                providerCalls += totals[0];
                providerFailures += totals[1];
                CircuitHealth circuit = circuits.get(provider + "/" + model.getKey());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", model.getKey());
                row.put("calls", totals[0]);
                row.put("failures", totals[1]);
                row.put("errorRate", rate(totals[1], totals[0]));
                row.put("circuit", circuit == null ? CircuitBreaker.State.CLOSED.name() : circuit.state().name());
                row.put("recentFailureRatePercent", circuit == null ? -1 : circuit.failureRatePercent());
                modelRows.add(row);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("provider", provider);
            row.put("calls", providerCalls);
            row.put("failures", providerFailures);
            row.put("errorRate", rate(providerFailures, providerCalls));
            row.put("models", modelRows);
            providers.add(row);
        });
        return providers;
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
