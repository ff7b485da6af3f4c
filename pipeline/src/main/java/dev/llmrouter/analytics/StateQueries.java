package dev.llmrouter.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrouter.http.WebException;
import dev.llmrouter.http.WebRequest;
import dev.llmrouter.http.WebResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * Interactive queries across the instances of the Streams application. A key lives in one task, on
 * one instance: {@link #ownerOf} finds it through {@link KafkaStreams#queryMetadataForKey} and
 * {@link #forward} passes the HTTP request on to that instance's endpoint (its {@code application.server}).
 * Questions about every key (top budgets, spend by model) ask each instance for its local part
 * ({@code scope=local}) and merge the answers.
 */
public final class StateQueries {

    /** Marks a request one instance passed to another, so it is answered there and never passed on again. */
    public static final String FORWARDED = "X-LlmRouter-Forwarded";
    /** Names the instance whose state answered. */
    public static final String SERVED_BY = "X-LlmRouter-Served-By";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http;

    /** @param self this instance's {@code application.server} */
    public StateQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    public HostInfo self() {
        return self;
    }

    public static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    /** This instance's part of a store. 503 while the store is migrating or restoring. */
    public <T> T local(String store, QueryableStoreType<T> type) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store, type));
        } catch (InvalidStateStoreException e) {
            throw WebException.unavailable("store " + store + " is not queryable on this instance right now (" + e.getMessage()
                    + "); retry shortly");
        }
    }

    /** The instance holding {@code key} of {@code store} (active task). 503 while a rebalance leaves it unknown. */
    public HostInfo ownerOf(String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        } catch (IllegalStateException e) {
            throw WebException.unavailable("the Streams application is not running: " + e.getMessage());
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw WebException.unavailable("no instance holds " + store + " for '" + key + "' right now (rebalancing); retry shortly");
        }
        return metadata.activeHost();
    }

    /** True when this instance should answer from its own state: it owns the key, or the request was already forwarded. */
    public boolean answerHere(HostInfo owner, WebRequest request) {
        return owner.equals(self) || request.header(FORWARDED).isPresent();
    }

    /** Passes a GET on to {@code owner} and returns its answer unchanged. */
    public WebResponse forward(HostInfo owner, WebRequest request) throws InterruptedException {
        HttpResponse<byte[]> response = get(owner, request.path(), request.rawQuery());
        String type = response.headers().firstValue("Content-Type").orElse(WebResponse.JSON);
        return new WebResponse(response.statusCode(), type, Map.of(), response.body())
                .withHeader(SERVED_BY, response.headers().firstValue(SERVED_BY).orElse(address(owner)));
    }

    /** Every instance of the application, this one included. */
    public List<HostInfo> instances() {
        Set<HostInfo> hosts = new LinkedHashSet<>();
        hosts.add(self);
        try {
            for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
                hosts.add(metadata.hostInfo());
            }
        } catch (IllegalStateException e) {
            throw WebException.unavailable("the Streams application is not running: " + e.getMessage());
        }
        return List.copyOf(hosts);
    }

    /**
     * The local answers of every other instance to the same path and query, parsed. An instance that
     * cannot answer makes the whole answer 503: a partial total would be wrong without saying so.
     */
    public List<JsonNode> othersLocal(WebRequest request) throws InterruptedException {
        List<JsonNode> parts = new ArrayList<>();
        String query = request.rawQuery().isEmpty() ? "scope=local" : request.rawQuery() + "&scope=local";
        for (HostInfo host : instances()) {
            if (host.equals(self)) {
                continue;
            }
            HttpResponse<byte[]> response = get(host, request.path(), query);
            if (response.statusCode() != 200) {
                throw WebException.unavailable("instance " + address(host) + " answered " + response.statusCode()
                        + ": " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            try {
                parts.add(WebResponse.MAPPER.readTree(response.body()));
            } catch (IOException e) {
                throw WebException.unavailable("instance " + address(host) + " sent unreadable JSON: " + e.getMessage());
            }
        }
        return parts;
    }

    /** True when the request asks for this instance's part only. */
    public static boolean localOnly(WebRequest request) {
        return request.query("scope").map("local"::equals).orElse(false);
    }

    private HttpResponse<byte[]> get(HostInfo host, String path, String rawQuery) throws InterruptedException {
        URI uri = URI.create("http://" + address(host) + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header(FORWARDED, address(self)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw WebException.unavailable("instance " + address(host) + " is unreachable: " + e.getMessage());
        }
    }
}
