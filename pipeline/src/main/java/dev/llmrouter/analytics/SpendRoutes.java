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
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The spend endpoints, over the spend stage's hourly window store (days are sums of hours):
 * <ul>
 *   <li>{@code GET /api/spend?user=U&window=hour|day[&from=ISO&to=ISO]}: one user's windows, answered by the instance
 *       that holds the user (forwarded there when it is another);</li>
 *   <li>{@code GET /api/spend?model=provider/model...}: one model's windows, added up over every task of every instance
 *       (each keeps the part of the model's spend its users made);</li>
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
        if (user.isPresent()) {
            HostInfo owner = queries.ownerOf(SpendStage.STORE, key);
            if (!queries.answerHere(owner, request)) {
                return queries.forward(owner, request);
            }
        }
        SpendWindow window = window(request);
        Instant to = instant(request, "to", Instant.now());
        Instant from = instant(request, "from", to.minus(window == SpendWindow.HOUR ? Duration.ofHours(DEFAULT_HOURS - 1)
                : Duration.ofDays(DEFAULT_DAYS - 1)));
        if (from.isAfter(to)) {
            throw WebException.badRequest("from must not be after to");
        }
        Instant first = windowStart(from, window);
        Instant end = windowStart(to, window).plus(window.size());
        String storeKey = dimension.key(key);
        Map<String, SpendJson> windows = local(storeKey, storeKey, first, end, window, ignored -> key);
        // A model's spend is spread over every task: the other instances add their parts.
        if (dimension == SpendDimension.MODEL && !StateQueries.localOnly(request)) {
            merge(windows, queries.othersLocal(request), "windows");
        }
        SpendJson total = sum(windows.values(), SpendJson.zero(key, first.toString(), end.toString()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dimension", dimension.name().toLowerCase(java.util.Locale.ROOT));
        body.put("key", key);
        body.put("window", window.id());
        body.put("servedBy", StateQueries.address(queries.self()));
        body.put("windows", new ArrayList<>(windows.values()));
        body.put("total", total);
        return WebResponse.json(body).withHeader(StateQueries.SERVED_BY, StateQueries.address(queries.self()));
    }

    private WebResponse models(WebRequest request) throws InterruptedException {
        SpendWindow window = window(request);
        Instant start = windowStart(Instant.now(), window);
        Instant end = start.plus(window.size());
        Map<String, SpendJson> byModel = new TreeMap<>();
        local(SpendDimension.MODEL.first(), SpendDimension.MODEL.last(), start, end, window, SpendDimension.MODEL::nameOf)
                .values().forEach(entry -> byModel.merge(entry.key(), entry, SpendJson::plus));
        if (!StateQueries.localOnly(request)) {
            for (JsonNode part : queries.othersLocal(request)) {
                for (JsonNode entry : part.path("models")) {
                    SpendJson other = WebResponse.MAPPER.convertValue(entry, SpendJson.class);
                    byModel.merge(other.key(), other, SpendJson::plus);
                }
            }
        }
        SpendJson total = sum(byModel.values(), SpendJson.zero("total", start.toString(), end.toString()));
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
            SpendJson empty = SpendJson.zero("all", start.toString(), start.plus(window.size()).toString());
            buckets.put(bucket(empty), empty);
        }
        // Every call counts once under its model: the models' windows add up to all spend.
        merge(buckets, local(SpendDimension.MODEL.first(), SpendDimension.MODEL.last(), oldest, newest.plus(window.size()), window,
                ignored -> "all"));
        if (!StateQueries.localOnly(request)) {
            merge(buckets, queries.othersLocal(request), "buckets");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", window.id());
        body.put("buckets", new ArrayList<>(buckets.values()));
        return WebResponse.json(body);
    }

    /**
     * This instance's spend of the store keys from {@code firstKey} to {@code lastKey}, in every local task, over the hours
     * from {@code from} to before {@code end}: one entry per window and name ({@code name} of the store key), by
     * {@link #bucket}.
     */
    private Map<String, SpendJson> local(String firstKey, String lastKey, Instant from, Instant end, SpendWindow window,
                                         Function<String, String> name) {
        ReadOnlyWindowStore<String, SpendTotals> hours = queries.local(SpendStage.STORE, QueryableStoreTypes.windowStore());
        Map<String, SpendJson> found = new TreeMap<>();
        try (KeyValueIterator<Windowed<String>, SpendTotals> iterator = hours.fetch(firstKey, lastKey, from, end.minusMillis(1))) {
            while (iterator.hasNext()) {
                KeyValue<Windowed<String>, SpendTotals> next = iterator.next();
                Instant start = windowStart(next.key.window().startTime(), window);
                String named = name.apply(next.key.key());
                SpendJson entry = SpendJson.of(named, start, start.plus(window.size()), next.value);
                found.merge(bucket(entry), entry, SpendJson::plus);
            }
        }
        return found;
    }

    /** Where an entry adds up: its window, then its key; ISO instants of whole hours sort as they fall. */
    private static String bucket(SpendJson entry) {
        return entry.start() + " " + entry.key();
    }

    private static void merge(Map<String, SpendJson> into, Map<String, SpendJson> entries) {
        entries.values().forEach(entry -> into.merge(bucket(entry), entry, SpendJson::plus));
    }

    private static SpendJson sum(Collection<SpendJson> entries, SpendJson zero) {
        SpendJson total = zero;
        for (SpendJson entry : entries) {
            total = total.plus(entry);
        }
        return total;
    }

    /** Adds the entries other instances listed under {@code field}. */
    private static void merge(Map<String, SpendJson> into, List<JsonNode> parts, String field) {
        for (JsonNode part : parts) {
            for (JsonNode entry : part.path(field)) {
                SpendJson other = WebResponse.MAPPER.convertValue(entry, SpendJson.class);
                into.merge(bucket(other), other, SpendJson::plus);
            }
        }
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
