package dev.llmrouter.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrouter.http.WebException;
import dev.llmrouter.http.WebRequest;
import dev.llmrouter.http.WebResponse;
import dev.llmrouter.http.WebServer;
import dev.llmrouter.schema.SpendTotals;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The spend endpoints, over the spend stage's window stores:
 * <ul>
 *   <li>{@code GET /api/spend?user=U&window=hour|day[&from=ISO&to=ISO]} and {@code ?model=provider/model...}: one key's
 *       windows, answered by the instance that holds the key (forwarded there when it is another);</li>
 *   <li>{@code GET /api/spend/models?window=hour|day}: every model's spend in the current window, from every instance;</li>
 *   <li>{@code GET /api/spend/timeline?window=hour|day&last=N}: total spend per window over the last N windows.</li>
 * </ul>
 */
public final class SpendRoutes {

    private static final int DEFAULT_HOURS = 24;
    private static final int DEFAULT_DAYS = 30;

    private final StateQueries queries;
    private final Supplier<String> premiumModel;

    /** @param premiumModel provider/model the saving is measured against, named in the answers */
    public SpendRoutes(StateQueries queries, Supplier<String> premiumModel) {
        this.queries = queries;
        this.premiumModel = premiumModel;
    }

    public void register(WebServer web) {
        web.get("/api/spend", this::spend);
        web.get("/api/spend/models", this::models);
        web.get("/api/spend/timeline", this::timeline);
    }

    private WebResponse spend(WebRequest request) throws InterruptedException {
        Optional<String> user = request.query("user").filter(value -> !value.isBlank());
        Optional<String> model = request.query("model").filter(value -> !value.isBlank());
        if (user.isPresent() == model.isPresent()) {
            throw WebException.badRequest("give exactly one of user=... or model=provider/model");
        }
        SpendDimension dimension = user.isPresent() ? SpendDimension.USER : SpendDimension.MODEL;
        String key = user.orElseGet(model::get);
        SpendWindow window = window(request);
        String store = SpendStage.storeOf(dimension, window);
        HostInfo owner = queries.ownerOf(store, key);
        if (!queries.answerHere(owner, request)) {
            return queries.forward(owner, request);
        }
        Instant to = instant(request, "to", Instant.now());
        Instant from = instant(request, "from", to.minus(window == SpendWindow.HOUR ? Duration.ofHours(DEFAULT_HOURS - 1)
                : Duration.ofDays(DEFAULT_DAYS - 1)));
        if (from.isAfter(to)) {
            throw WebException.badRequest("from must not be after to");
        }
        ReadOnlyWindowStore<String, SpendTotals> windows = queries.local(store, QueryableStoreTypes.windowStore());
        List<SpendJson> found = new ArrayList<>();
        SpendJson total = SpendJson.zero(key, windowStart(from, window).toString(), windowStart(to, window).plus(window.size()).toString());
        try (WindowStoreIterator<SpendTotals> iterator = windows.fetch(key, windowStart(from, window), to)) {
            while (iterator.hasNext()) {
                KeyValue<Long, SpendTotals> next = iterator.next();
                Instant start = Instant.ofEpochMilli(next.key);
                SpendJson entry = SpendJson.of(key, start, start.plus(window.size()), next.value);
                found.add(entry);
                total = total.plus(entry);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dimension", dimension.name().toLowerCase(java.util.Locale.ROOT));
        body.put("key", key);
        body.put("window", window.id());
        body.put("servedBy", StateQueries.address(queries.self()));
        body.put("windows", found);
        body.put("total", total);
        return WebResponse.json(body).withHeader(StateQueries.SERVED_BY, StateQueries.address(queries.self()));
    }

    private WebResponse models(WebRequest request) throws InterruptedException {
        SpendWindow window = window(request);
        Instant start = windowStart(Instant.now(), window);
        Instant end = start.plus(window.size());
        Map<String, SpendJson> byModel = new TreeMap<>();
        ReadOnlyWindowStore<String, SpendTotals> windows = queries.local(SpendStage.storeOf(SpendDimension.MODEL, window),
                QueryableStoreTypes.windowStore());
        try (KeyValueIterator<Windowed<String>, SpendTotals> iterator = windows.fetchAll(start, start)) {
            while (iterator.hasNext()) {
                KeyValue<Windowed<String>, SpendTotals> next = iterator.next();
                byModel.merge(next.key.key(), SpendJson.of(next.key.key(), start, end, next.value), SpendJson::plus);
            }
        }
        if (!StateQueries.localOnly(request)) {
            for (JsonNode part : queries.othersLocal(request)) {
                for (JsonNode entry : part.path("models")) {
                    SpendJson other = WebResponse.MAPPER.convertValue(entry, SpendJson.class);
                    byModel.merge(other.key(), other, SpendJson::plus);
                }
            }
        }
        SpendJson total = SpendJson.zero("total", start.toString(), end.toString());
        for (SpendJson entry : byModel.values()) {
            total = total.plus(entry);
        }
        List<SpendJson> models = new ArrayList<>(byModel.values());
        models.sort(Comparator.comparingLong(SpendJson::calls).reversed().thenComparing(SpendJson::key));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", window.id());
        body.put("start", start.toString());
        body.put("end", end.toString());
        body.put("premiumModel", premiumModel.get());
        body.put("models", models);
        body.put("total", total);
        return WebResponse.json(body);
    }

    private WebResponse timeline(WebRequest request) throws InterruptedException {
        SpendWindow window = window(request);
        int last = request.intQuery("last", window == SpendWindow.HOUR ? DEFAULT_HOURS : DEFAULT_DAYS, 1, 24 * 90);
        Instant newest = windowStart(Instant.now(), window);
        Instant oldest = newest.minus(window.size().multipliedBy(last - 1L));
        Map<String, SpendJson> buckets = new TreeMap<>();
        for (Instant start = oldest; !start.isAfter(newest); start = start.plus(window.size())) {
            buckets.put(start.toString(), SpendJson.zero("all", start.toString(), start.plus(window.size()).toString()));
        }
        ReadOnlyWindowStore<String, SpendTotals> windows = queries.local(SpendStage.storeOf(SpendDimension.MODEL, window),
                QueryableStoreTypes.windowStore());
        try (KeyValueIterator<Windowed<String>, SpendTotals> iterator = windows.fetchAll(oldest, newest)) {
            while (iterator.hasNext()) {
                KeyValue<Windowed<String>, SpendTotals> next = iterator.next();
                Instant start = next.key.window().startTime();
                buckets.merge(start.toString(), SpendJson.of("all", start, start.plus(window.size()), next.value), SpendJson::plus);
            }
        }
        if (!StateQueries.localOnly(request)) {
            for (JsonNode part : queries.othersLocal(request)) {
                for (JsonNode entry : part.path("buckets")) {
                    SpendJson other = WebResponse.MAPPER.convertValue(entry, SpendJson.class);
                    buckets.merge(other.start(), other, SpendJson::plus);
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", window.id());
        body.put("buckets", new ArrayList<>(buckets.values()));
        return WebResponse.json(body);
    }

    private static SpendWindow window(WebRequest request) {
        try {
            return SpendWindow.parse(request.query("window").orElse("hour"));
        } catch (IllegalArgumentException e) {
            throw WebException.badRequest(e.getMessage());
        }
    }

    private static Instant instant(WebRequest request, String name, Instant fallback) {
        Optional<String> value = request.query(name);
        try {
            return value.map(Instant::parse).orElse(fallback);
        } catch (DateTimeParseException e) {
            throw WebException.badRequest(name + " must be an ISO-8601 instant such as 2026-01-31T10:00:00Z, not '" + value.get() + "'");
        }
    }

    static Instant windowStart(Instant time, SpendWindow window) {
        long size = window.size().toMillis();
        return Instant.ofEpochMilli(time.toEpochMilli() - Math.floorMod(time.toEpochMilli(), size));
    }
}
