package dev.llmrouter.pricing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Model list prices from a versioned YAML file ({@code prices/catalog.yaml} on the classpath by default).
 * Every cost event records the {@link #version()} it was priced with. Immutable and thread-safe.
 */
public final class PriceCatalog {

    /** Classpath location of the bundled catalog. */
    public static final String BUNDLED = "/prices/catalog.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> TOP_FIELDS = Set.of("version", "takenOn", "currency", "models");
    private static final Set<String> MODEL_FIELDS = Set.of("provider", "model", "input", "output", "cachedInput",
            "cacheWrite", "contextWindow", "tier");

    private record Key(String provider, String model) {
    }

    private final String version;
    private final LocalDate takenOn;
    private final Map<Key, ModelPrice> prices;

    private PriceCatalog(String version, LocalDate takenOn, Map<Key, ModelPrice> prices) {
        this.version = version;
        this.takenOn = takenOn;
        this.prices = prices;
    }

    /** The catalog bundled with this library. */
    public static PriceCatalog load() {
        try (InputStream in = PriceCatalog.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new PriceCatalogException(BUNDLED, List.of("not on the classpath"), null);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + BUNDLED);
        } catch (IOException e) {
            throw new PriceCatalogException(BUNDLED, List.of("cannot be read: " + e.getMessage()), e);
        }
    }

    /** A catalog file in the same format as the bundled one. */
    public static PriceCatalog load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new PriceCatalogException(file.toString(), List.of("cannot be read: " + e.getMessage()), e);
        }
    }

    /** Parses and validates catalog text; {@code source} names it in error messages. */
    public static PriceCatalog parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new PriceCatalogException(source, List.of("not valid YAML: " + e.getMessage()), e);
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new PriceCatalogException(source, List.of("must be a mapping with version, takenOn and models"), null);
        }
        unknownFields(root, TOP_FIELDS, "", problems);
        String version = text(root, "version", "", problems);
        LocalDate takenOn = null;
        String date = text(root, "takenOn", "", problems);
        if (date != null) {
            try {
                takenOn = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                problems.add("takenOn must be a date like 2026-11-01: '" + date + "'");
            }
        }
        if (root.has("currency") && !"USD".equals(root.get("currency").asText())) {
            problems.add("currency must be USD: '" + root.get("currency").asText() + "'");
        }
        Map<Key, ModelPrice> prices = new LinkedHashMap<>();
        JsonNode models = root.path("models");
        if (!models.isArray() || models.isEmpty()) {
            problems.add("models must be a non-empty list");
        } else {
            for (int i = 0; i < models.size(); i++) {
                model(models.get(i), "models[" + i + "]", prices, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new PriceCatalogException(source, problems, null);
        }
        return new PriceCatalog(version, takenOn, prices);
    }

    /** The catalog's version, recorded with every cost computed from it. */
    public String version() {
        return version;
    }

    /** The day the prices were taken from the providers' price lists. */
    public LocalDate takenOn() {
        return takenOn;
    }

    /** The price of {@code model} at {@code provider} (a registry id such as {@code openai}). */
    public Optional<ModelPrice> price(String provider, String model) {
        return Optional.ofNullable(prices.get(new Key(provider, model)));
    }

    /**
     * The price of {@code model} when exactly one provider lists it, for providers registered under other
     * ids (e.g. {@code sim-openai} serving {@code gpt-4o}).
     */
    public Optional<ModelPrice> priceOfModel(String model) {
        List<ModelPrice> matches = prices.values().stream().filter(p -> p.model().equals(model)).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** Every model, in file order. */
    public List<ModelPrice> models() {
        return List.copyOf(prices.values());
    }

    private static void model(JsonNode node, String where, Map<Key, ModelPrice> prices, List<String> problems) {
        if (!node.isObject()) {
            problems.add(where + " must be a mapping");
            return;
        }
        int before = problems.size();
        String provider = text(node, "provider", where, problems);
        String model = text(node, "model", where, problems);
        String at = provider != null && model != null ? where + " (" + provider + "/" + model + ")" : where;
        // Re-label the field problems found so far with the model's name, now that it is known.
        for (int i = before; i < problems.size(); i++) {
            problems.set(i, problems.get(i).replace(where + ":", at + ":"));
        }
        unknownFields(node, MODEL_FIELDS, at, problems);
        BigDecimal input = price(node, "input", true, at, problems);
        BigDecimal output = price(node, "output", true, at, problems);
        BigDecimal cachedInput = price(node, "cachedInput", false, at, problems);
        BigDecimal cacheWrite = price(node, "cacheWrite", false, at, problems);
        if (input != null && cachedInput != null && cachedInput.compareTo(input) > 0) {
            problems.add(at + ": cachedInput (" + cachedInput + ") must not exceed input (" + input + ")");
        }
        JsonNode window = node.get("contextWindow");
        if (window == null || !window.canConvertToLong() || !window.isIntegralNumber() || window.asLong() <= 0) {
            problems.add(at + ": contextWindow must be a positive whole number of tokens");
        }
        Tier tier = null;
        String tierName = text(node, "tier", at, problems);
        if (tierName != null) {
            try {
                tier = Tier.valueOf(tierName);
            } catch (IllegalArgumentException e) {
                problems.add(at + ": tier must be one of " + List.of(Tier.values()) + ": '" + tierName + "'");
            }
        }
        if (problems.size() > before) {
            return;
        }
        ModelPrice price = new ModelPrice(provider, model, input, output, cachedInput, cacheWrite, window.asLong(), tier);
        if (prices.putIfAbsent(new Key(provider, model), price) != null) {
            problems.add(at + ": listed twice");
        }
    }

    private static String text(JsonNode node, String field, String where, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            problems.add((where.isEmpty() ? "" : where + ": ") + field + " is required");
            return null;
        }
        return value.asText().strip();
    }

    private static BigDecimal price(JsonNode node, String field, boolean required, String where,
                                    List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(where + ": " + field + " is required (USD per million tokens)");
            }
            return null;
        }
        if (!value.isNumber() || value.decimalValue().signum() < 0) {
            problems.add(where + ": " + field + " must be a non-negative number (USD per million tokens): '"
                    + value.asText() + "'");
            return null;
        }
        return value.decimalValue();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String where, List<String> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add((where.isEmpty() ? "" : where + ": ") + "unknown field '" + name + "' (known: "
                        + known.stream().sorted().toList() + ")");
            }
        }
    }
}
