package dev.llmrouter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * The simulator's admin endpoints, so that scripts and benchmarks in other processes can steer it:
 * <ul>
 *   <li>{@code GET /admin/config}, {@code PUT /admin/config} (a whole config, as in a config file)</li>
 *   <li>{@code GET /admin/outages}, {@code POST /admin/outages} ({@code {"target", "duration", "startAfter"}}),
 *       {@code DELETE /admin/outages}</li>
 *   <li>{@code GET /admin/stats}, {@code DELETE /admin/stats} (reset)</li>
 *   <li>{@code DELETE /admin/cache} (forget cached prompt prefixes)</li>
 * </ul>
 */
final class AdminApi implements HttpHandler {

    private final ProviderSimulator simulator;

    AdminApi(ProviderSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            try {
                switch (route) {
                    case "GET /admin/config" -> send(exchange, 200, simulator.config());
                    case "PUT /admin/config" -> {
                        simulator.update(ConfigJson.fromTree(body(exchange)));
                        send(exchange, 200, simulator.config());
                    }
                    case "GET /admin/outages" -> send(exchange, 200, simulator.outages());
                    case "POST /admin/outages" -> {
                        simulator.outage(ConfigJson.JSON.treeToValue(body(exchange), OutageWindow.class));
                        send(exchange, 201, simulator.outages());
                    }
                    case "DELETE /admin/outages" -> {
                        simulator.clearOutages();
                        send(exchange, 204, null);
                    }
                    case "GET /admin/stats" -> send(exchange, 200, simulator.stats());
                    case "DELETE /admin/stats" -> {
                        simulator.resetStats();
                        send(exchange, 204, null);
                    }
                    case "DELETE /admin/cache" -> {
                        simulator.clearPromptCache();
                        send(exchange, 204, null);
                    }
                    default -> send(exchange, 404, Map.of("error", "no admin endpoint " + route));
                }
            } catch (IOException | IllegalArgumentException e) {
                send(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
            }
        }
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        return ConfigJson.JSON.readTree(exchange.getRequestBody());
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = ConfigJson.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
