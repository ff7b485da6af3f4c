package dev.llmrouter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        // Jetty refuses an encoded '/' in a path as ambiguous before any route sees it.
        assertThat(get("/dashboard/..%2F..%2Fsimplelogger.properties").statusCode()).isEqualTo(400);
        assertThat(get("/dashboard/../../simplelogger.properties").statusCode()).isIn(400, 404);
        assertThat(get("/dashboard/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerHeadLikeGetWithoutABodyAndNeverLetAnswersBeCached() throws Exception {
        server.get("/api/thing", request -> WebResponse.json(Map.of("thing", "value")).withHeader("X-Thing", "yes"));

        HttpResponse<String> get = get("/api/thing");
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/thing"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(get.body().length()));
        for (HttpResponse<String> response : List.of(get, head)) {
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(response.headers().firstValue("X-Thing")).hasValue("yes");
            assertThat(response.headers().firstValue("Content-Type")).hasValue(WebResponse.JSON);
        }
    }

    @Test
    void shouldPassHeadersAndTheBodyToRoutes() throws Exception {
        server.post("/echo", request -> WebResponse.json(Map.of(
                "header", request.header("x-custom").orElse("none"), "body", new String(request.bodyBytes(), StandardCharsets.UTF_8))));

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/echo"))
                .header("X-Custom", "abc").POST(HttpRequest.BodyPublishers.ofString("hello body")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(WebResponse.MAPPER.readTree(response.body()).path("header").asText()).isEqualTo("abc");
        assertThat(WebResponse.MAPPER.readTree(response.body()).path("body").asText()).isEqualTo("hello body");
    }

    @Test
    void shouldServeManyMoreBlockedRoutesAtOnceThanAPlatformThreadPoolWould() throws Exception {
        // given 500 requests whose route blocks until all of them have arrived
        int requests = 500;
        CountDownLatch arrived = new CountDownLatch(requests);
        server.get("/wait", request -> {
            arrived.countDown();
            return arrived.await(30, TimeUnit.SECONDS) ? WebResponse.json(Map.of()) : WebResponse.error(504, "not all arrived");
        });

        // when they are sent at once
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/wait")).build(), HttpResponse.BodyHandlers.ofString()));
        }

        // then every one is answered, so all were waiting at the same time
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
