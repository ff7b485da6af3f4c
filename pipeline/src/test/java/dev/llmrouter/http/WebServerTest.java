package dev.llmrouter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebServerTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private WebServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = WebServer.start(HttpSettings.loopback(0));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void shouldPassPathAndQueryParametersToTheMatchingRoute() throws Exception {
        server.get("/api/budgets/{holder}", request -> WebResponse.json(Map.of(
                "holder", request.pathParameter("holder"), "top", request.intQuery("top", 10, 1, 100))));

        HttpResponse<String> response = get("/api/budgets/ada%20lovelace?top=3");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(WebResponse.JSON);
        assertThat(WebResponse.MAPPER.readTree(response.body()).path("holder").asText()).isEqualTo("ada lovelace");
        assertThat(WebResponse.MAPPER.readTree(response.body()).path("top").asInt()).isEqualTo(3);
    }

    @Test
    void shouldAnswerNotFoundForUnknownPathsAndMethodNotAllowedForOtherMethods() throws Exception {
        server.post("/v1/things", request -> WebResponse.json(Map.of()));

        assertThat(get("/nothing/here").statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = get("/v1/things");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void shouldTurnRouteErrorsIntoJsonErrorBodies() throws Exception {
        server.get("/bad", request -> request.intQuery("n", 1, 1, 5) > 0 ? WebResponse.json(Map.of()) : null);
        server.get("/broken", request -> {
            throw new IllegalStateException("kaputt");
        });

        HttpResponse<String> bad = get("/bad?n=nine");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(WebResponse.MAPPER.readTree(bad.body()).path("error").path("message").asText()).contains("'n'", "whole number");
        HttpResponse<String> broken = get("/broken");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).contains("kaputt");
    }

    @Test
    void shouldServeStaticFilesAndRefuseToLeaveTheirFolder() throws Exception {
        server.get("/dashboard/{file...}", new StaticResources("/dashboard", "index.html", "file"));

        HttpResponse<String> index = get("/dashboard/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(index.body()).contains("dashboard.js");
        assertThat(get("/dashboard/dashboard.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(get("/dashboard/..%2F..%2Fsimplelogger.properties").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/missing.js").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
