package dev.llmrouter.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
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
final class AdminApi {

    private static final Reply NO_CONTENT = new Reply(204, Map.of(), new byte[0]);

    private final ProviderSimulator simulator;

    AdminApi(ProviderSimulator simulator) {
        this.simulator = simulator;
    }

    /** Answers {@code method path} with the request {@code body} (empty when there is none). */
    Reply handle(String method, String path, byte[] body) {
        String route = method + " " + path;
        try {
            return switch (route) {
                case "GET /admin/config" -> json(200, simulator.config());
                case "PUT /admin/config" -> {
                    simulator.update(ConfigJson.fromTree(ConfigJson.JSON.readTree(body)));
                    yield json(200, simulator.config());
                }
                case "GET /admin/outages" -> json(200, simulator.outages());
                case "POST /admin/outages" -> {
                    simulator.outage(ConfigJson.JSON.readValue(body, OutageWindow.class));
                    yield json(201, simulator.outages());
                }
                case "DELETE /admin/outages" -> {
                    simulator.clearOutages();
                    yield NO_CONTENT;
                }
                case "GET /admin/stats" -> json(200, simulator.stats());
                case "DELETE /admin/stats" -> {
                    simulator.resetStats();
                    yield NO_CONTENT;
                }
                case "DELETE /admin/cache" -> {
                    simulator.clearPromptCache();
                    yield NO_CONTENT;
                }
                default -> json(404, Map.of("error", "no admin endpoint " + route));
            };
        } catch (IOException | IllegalArgumentException e) {
            return json(400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private static Reply json(int status, Object body) {
        try {
            return new Reply(status, Map.of(), ConfigJson.JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin answers are plain records and maps", e);
        }
    }
}
