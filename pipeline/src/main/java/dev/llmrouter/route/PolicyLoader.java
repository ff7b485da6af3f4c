package dev.llmrouter.route;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.llmrouter.opinion.SecondOpinionSection;
import dev.llmrouter.quality.SelectionSection;
import dev.llmrouter.route.RoutingPolicy.Route;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.speculate.SpeculationSection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a routing policy from YAML and validates it, failing with an error that names the source,
 * the place in the file, what is wrong and what is allowed.
 */
public final class PolicyLoader {

    /** The policy bundled with the pipeline, used when none is configured. */
    public static final String BUNDLED = "/policy/default-policy.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private PolicyLoader() {
    }

    /** Thrown for a policy that cannot be used; the message says where and why. */
    public static final class InvalidPolicyException extends RuntimeException {
        public InvalidPolicyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static RoutingPolicy load(Path file) {
        return load(file, model -> true);
    }

    public static RoutingPolicy load(Path file, Predicate<ModelRef> knownModel) {
        try {
            return parse(Files.readString(file), file.toString(), knownModel);
        } catch (IOException e) {
            throw new InvalidPolicyException(file + ": cannot read policy: " + e.getMessage(), e);
        }
    }

    public static RoutingPolicy bundled() {
        return bundled(model -> true);
    }

    /** The bundled policy, checked against the models the deployment knows. */
    public static RoutingPolicy bundled(Predicate<ModelRef> knownModel) {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled policy " + BUNDLED + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + BUNDLED, knownModel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param yaml   the policy text
     * @param source where it came from, for error messages
     * @param knownModel accepts the models the deployment can price and call; others are an error
     */
    public static RoutingPolicy parse(String yaml, String source, Predicate<ModelRef> knownModel) {
        PolicyFile file;
        try {
            file = YAML.readValue(yaml, PolicyFile.class);
        } catch (MismatchedInputException e) {
            // Jackson reports record fields at the end of their object; the path finds where the key really is.
            String path = pathOf(e.getPath());
            String where = YamlLocator.line(yaml, path).stream().mapToObj(line -> source + ":" + line).findFirst().orElse(source);
            if (e instanceof UnrecognizedPropertyException unknown) {
                String section = pathOf(e.getPath().subList(0, e.getPath().size() - 1));
                throw new InvalidPolicyException(where + ": " + (section.isEmpty() ? "" : section + ": ") + "unknown key '"
                        + unknown.getPropertyName() + "'; allowed here: " + unknown.getKnownPropertyIds(), e);
            }
            throw new InvalidPolicyException(where + ": " + (path.isEmpty() ? "" : path + ": ") + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? source : source + ":" + location.getLineNr() + ":" + location.getColumnNr();
            throw new InvalidPolicyException(where + ": " + e.getOriginalMessage(), e);
        }
        if (file == null) {
            throw new InvalidPolicyException(source + ": policy is empty", null);
        }
        return new Validator(new PolicyErrors(yaml, source), knownModel).validate(file);
    }

    public static RoutingPolicy parse(String yaml, String source) {
        return parse(yaml, source, model -> true);
    }

    private static String pathOf(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (var reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The file as written; kebab-case keys. Each later section is read by its own class. */
    record PolicyFile(String version,
                      Map<String, List<String>> tiers,
                      List<RouteFile> routes,
                      @JsonProperty("default-tier") String defaultTier,
                      @JsonProperty("default-output-tokens") Integer defaultOutputTokens,
                      BudgetSection.BudgetsFile budgets,
                      CacheSection.CacheFile cache,
                      LoadSection.LoadFile load,
                      JsonNode selection,
                      JsonNode speculation,
                      @JsonProperty("second-opinion") JsonNode secondOpinion) {
    }

    record RouteFile(WhenFile when, String tier) {
    }

    record WhenFile(List<String> category, List<String> complexity) {
    }

    private record Validator(PolicyErrors errors, Predicate<ModelRef> knownModel) {

        RoutingPolicy validate(PolicyFile file) {
            String version = require(file.version(), "version", "a non-empty string, e.g. 2026-11-23.1");
            if (file.tiers() == null || file.tiers().isEmpty()) {
                throw errors.error("tiers", "is missing", "a map from tier (" + PolicyErrors.allowed(PolicyErrors.tierNames())
                        + ") to a list of provider/model");
            }
            Map<Tier, List<ModelRef>> tiers = new EnumMap<>(Tier.class);
            file.tiers().forEach((name, models) -> tiers.put(errors.tier(name, "tiers." + name), models(models, "tiers." + name)));

            List<Route> routes = new ArrayList<>();
            List<RouteFile> routeFiles = file.routes() == null ? List.of() : file.routes();
            for (int i = 0; i < routeFiles.size(); i++) {
                String path = "routes[" + i + "]";
                RouteFile route = routeFiles.get(i);
                Tier tier = errors.configuredTier(route.tier(), path + ".tier", tiers.keySet());
                WhenFile when = route.when() == null ? new WhenFile(null, null) : route.when();
                routes.add(new Route(enums(TaskCategory.class, when.category(), path + ".when.category"),
                        enums(Complexity.class, when.complexity(), path + ".when.complexity"), tier));
            }
            Tier defaultTier = errors.configuredTier(file.defaultTier(), "default-tier", tiers.keySet());
            int outputTokens = file.defaultOutputTokens() == null ? 512 : file.defaultOutputTokens();
            if (outputTokens <= 0) {
                throw errors.error("default-output-tokens", "is " + outputTokens, "a positive number of tokens");
            }
            return new RoutingPolicy(version, Map.copyOf(tiers), List.copyOf(routes), defaultTier, outputTokens,
                    BudgetSection.read(file.budgets(), errors, tiers.keySet()),
                    CacheSection.read(file.cache(), errors),
                    LoadSection.read(file.load(), errors),
                    file.selection() == null ? null : SelectionSection.parse(file.selection(), errors.yaml(), errors.source(), knownModel),
                    file.speculation() == null ? null : SpeculationSection.parse(file.speculation(), errors.yaml(), errors.source(), knownModel),
                    file.secondOpinion() == null ? null
                            : SecondOpinionSection.parse(file.secondOpinion(), errors.yaml(), errors.source(), knownModel));
        }

        private List<ModelRef> models(List<String> refs, String path) {
            if (refs == null || refs.isEmpty()) {
                throw errors.error(path, "has no models", "a list of provider/model, the primary first");
            }
            List<ModelRef> models = new ArrayList<>();
            for (int i = 0; i < refs.size(); i++) {
                String ref = refs.get(i);
                int slash = ref == null ? -1 : ref.indexOf('/');
                if (slash <= 0 || slash == ref.length() - 1) {
                    throw errors.error(path + "[" + i + "]", "is '" + ref + "'", "provider/model, e.g. openai/gpt-4.1-mini");
                }
                ModelRef model = new ModelRef(ref.substring(0, slash), ref.substring(slash + 1));
                if (!knownModel.test(model)) {
                    throw errors.error(path + "[" + i + "]", "names " + ref + ", which the price catalog does not list",
                            "a model of the price catalog");
                }
                models.add(model);
            }
            return List.copyOf(models);
        }

        private <E extends Enum<E>> Set<E> enums(Class<E> type, List<String> names, String path) {
            Set<E> values = new LinkedHashSet<>();
            if (names == null) {
                return Set.of();
            }
            for (String name : names) {
                try {
                    values.add(Enum.valueOf(type, name.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw errors.error(path, "has '" + name + "'", PolicyErrors.allowed(Arrays.stream(type.getEnumConstants())
                            .map(PolicyErrors::lower).toList()));
                }
            }
            return Set.copyOf(values);
        }

        private String require(String value, String path, String allowed) {
            if (value == null || value.isBlank()) {
                throw errors.error(path, "is missing", allowed);
            }
            return value;
        }
    }
}
