package dev.llmrouter.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.http.HttpSettings;
import dev.llmrouter.ingress.IngressConfig;
import dev.llmrouter.provider.ApiKey;
import dev.llmrouter.provider.ProviderConfig;
import dev.llmrouter.worker.ResilienceSettings;
import dev.llmrouter.worker.WorkerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link PipelineConfig} from YAML. String values may name environment variables as
 * {@code ${NAME}} or {@code ${NAME:-default}}, so one file serves every environment; provider API keys
 * are never in the file, only the variable or secret file that holds them.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private ConfigLoader() {
    }

    public static PipelineConfig load(Path file) {
        return load(file, System::getenv);
    }

    /** @param env looks up environment variables; null when unset */
    public static PipelineConfig load(Path file, UnaryOperator<String> env) {
        return load(file, env, true);
    }

    /**
     * The configuration for a tool that only talks to Kafka and the registry (such as
     * {@code policy publish}): providers are left out, so their API keys need not be set.
     */
    public static PipelineConfig loadWithoutProviders(Path file) {
        return load(file, System::getenv, false);
    }

    private static PipelineConfig load(Path file, UnaryOperator<String> env, boolean withProviders) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read configuration: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": configuration must be a YAML mapping");
        }
        Reader reader = new Reader(file, env);
        JsonNode topics = root.path("topics");
        JsonNode streams = root.path("streams");
        JsonNode classify = root.path("classify");
        JsonNode worker = root.path("worker");
        ClassifyConfig classifyDefaults = ClassifyConfig.defaults();
        WorkerConfig workerDefaults = WorkerConfig.defaults();
        StreamsSettings streamDefaults = StreamsSettings.defaults(Path.of(System.getProperty("java.io.tmpdir"), "llm-router-state"));
        String guarantee = reader.text(streams.path("processing-guarantee"), streamDefaults.processingGuarantee());
        return new PipelineConfig(
                reader.map(root.path("kafka"), "kafka"),
                reader.map(root.path("serde"), "serde"),
                reader.integer(topics.path("partitions"), 6),
                (short) reader.integer(topics.path("replication-factor"), 1),
                new StreamsSettings(
                        reader.text(streams.path("application-id"), streamDefaults.applicationId()),
                        guarantee,
                        Path.of(reader.text(streams.path("state-dir"), streamDefaults.stateDir().toString())),
                        reader.integer(streams.path("commit-interval-ms"), (int) StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS),
                        reader.integer(streams.path("threads"), streamDefaults.threads())),
                new ClassifyConfig(
                        reader.integer(classify.path("max-prompt-chars"), (int) classifyDefaults.maxPromptChars()),
                        reader.integer(classify.path("max-output-tokens"), classifyDefaults.maxOutputTokens()),
                        reader.integer(classify.path("max-record-bytes"), classifyDefaults.maxRecordBytes()),
                        reader.integer(classify.path("cache-size"), classifyDefaults.cacheSize())),
                new WorkerConfig(
                        reader.text(worker.path("group-id"), workerDefaults.groupId()),
                        reader.integer(worker.path("max-in-flight"), workerDefaults.maxInFlight()),
                        reader.duration(worker.path("attempt-timeout"), workerDefaults.attemptTimeout()),
                        reader.duration(worker.path("commit-interval"), workerDefaults.commitInterval()),
                        reader.duration(worker.path("drain-timeout"), workerDefaults.drainTimeout()),
                        reader.resilience(worker, root.path("providers"), workerDefaults.resilience())),
                reader.integer(worker.path("instances"), 1),
                withProviders ? reader.providers(root.path("providers")) : List.of(),
                reader.path(root.path("policy")),
                reader.path(root.path("price-catalog")),
                reader.ingress(root.path("ingress"), IngressConfig.defaults()),
                reader.http(root.path("http")));
    }

    /** Resolves {@code ${VAR}} references; an unset variable without a default is an error. */
    static String interpolate(String value, UnaryOperator<String> env, String where) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String resolved = env.apply(matcher.group(1));
            if (resolved == null) {
                resolved = matcher.group(2);
            }
            if (resolved == null) {
                throw new IllegalArgumentException(where + ": environment variable " + matcher.group(1) + " is not set and has no default");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private record Reader(Path file, UnaryOperator<String> env) {

        Map<String, Object> map(JsonNode node, String name) {
            Map<String, Object> values = new LinkedHashMap<>();
            node.properties().forEach(entry -> values.put(entry.getKey(), text(entry.getValue(), null)));
            if (values.isEmpty()) {
                throw new IllegalArgumentException(file + ": section '" + name + "' is missing or empty");
            }
            return values;
        }

        String text(JsonNode node, String fallback) {
            if (node.isMissingNode() || node.isNull()) {
                return fallback;
            }
            return interpolate(node.asText(), env, file.toString());
        }

        int integer(JsonNode node, int fallback) {
            String value = text(node, null);
            try {
                return value == null ? fallback : Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": '" + value + "' is not a whole number");
            }
        }

        Path path(JsonNode node) {
            String value = text(node, null);
            return value == null || value.isBlank() ? null : file.toAbsolutePath().getParent().resolve(value);
        }

        Duration duration(JsonNode node, Duration fallback) {
            String value = text(node, null);
            return value == null ? fallback : Durations.parse(value, file.toString());
        }

        HttpSettings http(JsonNode node) {
            HttpSettings defaults = HttpSettings.defaults();
            if (node.isMissingNode() || node.isNull()) {
                return defaults;
            }
            String enabled = text(node.path("enabled"), "true");
            return new HttpSettings(Boolean.parseBoolean(enabled.trim()),
                    text(node.path("bind-address"), defaults.bindAddress()),
                    integer(node.path("port"), defaults.port()),
                    text(node.path("advertised-host"), defaults.advertisedHost()));
        }

        ResilienceSettings resilience(JsonNode worker, JsonNode providers, ResilienceSettings defaults) {
            Map<String, ResilienceSettings.ProviderLimits> limits = new LinkedHashMap<>();
            for (JsonNode provider : providers) {
                if (provider.has("max-concurrency") || provider.has("requests-per-second")) {
                    limits.put(text(provider.path("id"), ""), new ResilienceSettings.ProviderLimits(
                            integer(provider.path("max-concurrency"), ResilienceSettings.DEFAULT_LIMITS.maxConcurrent()),
                            integer(provider.path("requests-per-second"), 0)));
                }
            }
            return new ResilienceSettings(
                    integer(worker.path("attempts-per-model"), defaults.attemptsPerModel()),
                    duration(worker.path("backoff-base"), defaults.backoffBase()),
                    duration(worker.path("backoff-max"), defaults.backoffMax()),
                    duration(worker.path("max-retry-after"), defaults.maxRetryAfter()),
                    defaults.failureRateToOpen(), defaults.breakerWindow(), defaults.breakerMinimumCalls(),
                    duration(worker.path("cooldown"), defaults.cooldown()),
                    limits);
        }

        /** API keys come from a variable (comma-separated) or a file (one per line), never from this file. */
        IngressConfig ingress(JsonNode node, IngressConfig defaults) {
            if (node.isMissingNode() || node.isNull()) {
                return defaults;
            }
            List<ApiKey> keys = new ArrayList<>();
            String keysEnv = text(node.path("api-keys-env"), null);
            if (keysEnv != null) {
                splitKeys(require(env.apply(keysEnv), "environment variable " + keysEnv + " (ingress API keys)"), ",", keys);
            }
            String keysFile = text(node.path("api-keys-file"), null);
            if (keysFile != null) {
                Path keyPath = file.toAbsolutePath().getParent().resolve(keysFile);
                try {
                    splitKeys(Files.readString(keyPath), "\\R", keys);
                } catch (IOException e) {
                    throw new IllegalArgumentException(file + ": cannot read ingress API key file " + keyPath + ": " + e.getMessage(), e);
                }
            }
            return new IngressConfig(
                    Boolean.parseBoolean(text(node.path("enabled"), "true").trim()),
                    text(node.path("host"), defaults.host()),
                    integer(node.path("port"), defaults.port()),
                    integer(node.path("max-request-bytes"), defaults.maxRequestBytes()),
                    duration(node.path("request-timeout"), defaults.requestTimeout()),
                    integer(node.path("max-pending"), defaults.maxPending()),
                    text(node.path("default-user"), defaults.defaultUser()),
                    keys);
        }

        private static void splitKeys(String value, String separator, List<ApiKey> keys) {
            for (String key : value.split(separator)) {
                if (!key.isBlank()) {
                    keys.add(ApiKey.of(key));
                }
            }
        }

        List<ProviderConfig> providers(JsonNode node) {
            List<ProviderConfig> providers = new ArrayList<>();
            for (JsonNode provider : node) {
                String id = text(provider.path("id"), null);
                String type = text(provider.path("type"), null);
                String baseUrl = text(provider.path("base-url"), null);
                if (id == null || type == null || baseUrl == null) {
                    throw new IllegalArgumentException(file + ": every provider needs id, type and base-url");
                }
                String keyEnv = text(provider.path("api-key-env"), null);
                String keyFile = text(provider.path("api-key-file"), null);
                ApiKey key = keyFile != null ? ApiKey.fromFile(file.toAbsolutePath().getParent().resolve(keyFile))
                        : keyEnv != null ? ApiKey.of(require(env.apply(keyEnv), "environment variable " + keyEnv + " (API key of provider " + id + ")"))
                        : ApiKey.of("");
                providers.add(new ProviderConfig(id, type, URI.create(baseUrl), key,
                        duration(provider.path("connect-timeout"), Duration.ofSeconds(10)), Map.of()));
            }
            return providers;
        }

        private String require(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(file + ": " + what + " is not set");
            }
            return value;
        }
    }
}
