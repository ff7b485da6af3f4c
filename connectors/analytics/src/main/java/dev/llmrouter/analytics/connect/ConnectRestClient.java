package dev.llmrouter.analytics.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few calls of Kafka Connect's REST API that the runner and tests need. Going through REST rather than the
 * herder object means the same code works against a distributed cluster, where any worker forwards a
 * configuration change to the leader.
 */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param base the worker's REST URL, e.g. {@code http://connect:8083/} */
    public ConnectRestClient(URI base) {
        this.base = base;
    }

    /**
     * The state of a connector and its tasks ({@code RUNNING}, {@code FAILED}, ...).
     *
     * @param connector  the connector's state
     * @param tasks      each task's state, by task id
     * @param failure    the first failure trace reported, or null
     */
    public record Status(String connector, List<String> tasks, String failure) {

        /** The connector and at least one task run, and no task is in another state. */
        public boolean running() {
            return "RUNNING".equals(connector) && !tasks.isEmpty() && tasks.stream().allMatch("RUNNING"::equals);
        }
    }

    /** Creates or updates a connector ({@code PUT /connectors/{name}/config}); the configuration holds its name. */
    public void putConnector(Map<String, String> config) {
        String name = config.get("name");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("The connector configuration has no name");
        }
        send("PUT", "/connectors/" + encode(name) + "/config", config);
    }

    /** The connector's status, or null while the worker does not know it yet. */
    public Status status(String name) {
        JsonNode json = send("GET", "/connectors/" + encode(name) + "/status", null);
        if (json == null) {
            return null;
        }
        List<String> tasks = new ArrayList<>();
        String failure = json.path("connector").path("trace").asText(null);
        for (JsonNode task : json.path("tasks")) {
            tasks.add(task.path("state").asText());
            if (failure == null && task.hasNonNull("trace")) {
                failure = task.get("trace").asText();
            }
        }
        return new Status(json.path("connector").path("state").asText(), tasks, failure);
    }

    /** Restarts the connector and all its tasks ({@code POST /connectors/{name}/restart?includeTasks=true}). */
    public void restart(String name) {
        send("POST", "/connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=false", null);
    }

    /** Restarts whichever of the connector and its tasks failed ({@code ...&onlyFailed=true}). */
    public void restartFailed(String name) {
        send("POST", "/connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=true", null);
    }

    /** Waits until the connector and its tasks run; fails fast, with the trace, if one of them failed. */
    public void awaitRunning(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Status status = null;
        while (System.nanoTime() < deadline) {
            status = status(name);
            if (status != null && status.running()) {
                return;
            }
            if (status != null && (status.connector().equals("FAILED") || status.tasks().contains("FAILED"))) {
                throw new IllegalStateException("Connector " + name + " failed: " + status.failure());
            }
            sleep(200);
        }
        throw new IllegalStateException("Connector " + name + " is not running after " + timeout + ": " + status);
    }

    private JsonNode send(String method, String path, Object body) {
        long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
        while (true) {
            HttpResponse<String> response = exchange(method, path, body);
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response.body().isBlank() ? JSON.nullNode() : read(response.body());
            }
            if (status == 404 && method.equals("GET")) {
                return null;
            }
            // 409: a rebalance is in progress; 5xx: the worker is still starting or the leader is changing.
            boolean transientFailure = status == 409 || status >= 500;
            if (!transientFailure || System.nanoTime() > deadline) {
                throw new IllegalStateException(method + " " + base.resolve(path) + " failed: HTTP " + status + ": " + response.body());
            }
            sleep(250);
        }
    }

    private HttpResponse<String> exchange(String method, String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + base.resolve(path) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted calling the Connect REST API", e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("The Connect REST API answered with something that is not JSON: " + body, e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka Connect", e);
        }
    }
}
