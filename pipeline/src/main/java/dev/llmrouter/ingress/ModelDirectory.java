package dev.llmrouter.ingress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrouter.pricing.ModelPrice;
import dev.llmrouter.pricing.PriceCatalog;
import dev.llmrouter.schema.Tier;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code model} field of a request means to the router. The router always picks the model;
 * the requested name only sets the lowest tier it may pick:
 * <ul>
 *   <li>{@code auto} (or no model): the policy decides alone;</li>
 *   <li>{@code economy}, {@code standard}, {@code premium}: at least that tier;</li>
 *   <li>a model of the price catalog, bare ({@code gpt-5}) or with its provider ({@code openai/gpt-5}): at
 *       least that model's tier, so code written for a premium model keeps premium quality;</li>
 *   <li>any other name: as {@code auto}, so existing code works unchanged.</li>
 * </ul>
 * {@code GET /v1/models} lists {@code auto}, the tier names and the catalog's models.
 */
public final class ModelDirectory {

    public static final String AUTO = "auto";

    private final Map<String, Tier> floors = new LinkedHashMap<>();
    private final Map<String, String> owners = new LinkedHashMap<>();
    private final long created;

    public ModelDirectory(PriceCatalog catalog) {
        this.created = catalog.takenOn().atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
        owners.put(AUTO, "llm-router");
        for (Tier tier : new Tier[] {Tier.ECONOMY, Tier.STANDARD, Tier.PREMIUM}) {
            String name = tier.name().toLowerCase(Locale.ROOT);
            floors.put(name, tier);
            owners.put(name, "llm-router");
        }
        for (ModelPrice price : catalog.models()) {
            Tier tier = Tier.valueOf(price.tier().name());
            floors.putIfAbsent(price.model(), tier);
            floors.put(price.provider() + "/" + price.model(), tier);
            owners.putIfAbsent(price.model(), price.provider());
        }
    }

    /** The lowest tier the requested model allows, or empty for {@code auto} and names the router does not know. */
    public Optional<Tier> floorOf(String model) {
        if (model == null) {
            return Optional.empty();
        }
        Tier tier = floors.get(model);
        return Optional.ofNullable(tier != null ? tier : floors.get(model.toLowerCase(Locale.ROOT)));
    }

    /** The body of {@code GET /v1/models}, in OpenAI's list shape. */
    public ObjectNode list() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        owners.forEach((id, owner) -> data.addObject().put("id", id).put("object", "model").put("created", created).put("owned_by", owner));
        return root;
    }
}
