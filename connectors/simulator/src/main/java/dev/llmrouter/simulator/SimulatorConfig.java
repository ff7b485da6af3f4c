package dev.llmrouter.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the simulator can be told. Read from YAML or JSON with {@link #load(Path)}; in a file, each
 * entry of {@code models} inherits the fields it leaves out from {@code defaultProfile}. Durations are written
 * {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, ISO-8601 ({@code PT2S}) or a bare number of milliseconds.
 *
 * @param port           TCP port on 127.0.0.1; 0 picks a free one
 * @param apiKeys        required API key per wire format id; a format without an entry accepts any non-empty key
 * @param cacheTtl       how long a prompt prefix stays cached after it was last seen (5 minutes by default)
 * @param cacheMinTokens shortest prefix, in tokens, that is cached (1024 by default, as OpenAI and Anthropic)
 * @param defaultProfile profile of every model not listed in {@code models}
 * @param models         profile per model name
 * @param outages        outages scheduled when the simulator starts, relative to its start
 */
public record SimulatorConfig(
        int port,
        Map<String, String> apiKeys,
        Duration cacheTtl,
        Integer cacheMinTokens,
        ModelProfile defaultProfile,
        Map<String, ModelProfile> models,
        List<OutageWindow> outages) {

    public SimulatorConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
        apiKeys.keySet().forEach(format -> WireFormat.byId(format).orElseThrow(
                () -> new IllegalArgumentException("apiKeys: unknown wire format '" + format + "'")));
        cacheTtl = cacheTtl == null ? Duration.ofMinutes(5) : cacheTtl;
        cacheMinTokens = cacheMinTokens == null ? 1024 : cacheMinTokens;
        if (cacheTtl.isNegative() || cacheMinTokens < 0) {
            throw new IllegalArgumentException("cacheTtl and cacheMinTokens must not be negative");
        }
        defaultProfile = defaultProfile == null ? ModelProfile.DEFAULT : defaultProfile;
        models = models == null ? Map.of() : Map.copyOf(models);
        outages = outages == null ? List.of() : List.copyOf(outages);
    }

    /** Free port, any key accepted, every model instant and error-free. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(0, null, null, null, null, null, null);
    }

    /** Reads a YAML ({@code .yaml}/{@code .yml}) or JSON file. */
    public static SimulatorConfig load(Path file) throws IOException {
        return ConfigJson.read(file);
    }

    /** The profile of {@code model}: its own, or {@link #defaultProfile()}. */
    public ModelProfile profile(String model) {
        return models.getOrDefault(model, defaultProfile);
    }

    public SimulatorConfig withPort(int value) {
        return new SimulatorConfig(value, apiKeys, cacheTtl, cacheMinTokens, defaultProfile, models, outages);
    }

    /** Requires {@code key} on requests in {@code format}; {@code null} accepts any non-empty key again. */
    public SimulatorConfig withApiKey(WireFormat format, String key) {
        Map<String, String> keys = new HashMap<>(apiKeys);
        if (key == null) {
            keys.remove(format.id());
        } else {
            keys.put(format.id(), key);
        }
        return new SimulatorConfig(port, keys, cacheTtl, cacheMinTokens, defaultProfile, models, outages);
    }

    public SimulatorConfig withCacheTtl(Duration value) {
        return new SimulatorConfig(port, apiKeys, value, cacheMinTokens, defaultProfile, models, outages);
    }

    public SimulatorConfig withCacheMinTokens(int value) {
        return new SimulatorConfig(port, apiKeys, cacheTtl, value, defaultProfile, models, outages);
    }

    public SimulatorConfig withDefaultProfile(ModelProfile value) {
        return new SimulatorConfig(port, apiKeys, cacheTtl, cacheMinTokens, value, models, outages);
    }

    public SimulatorConfig withModel(String model, ModelProfile profile) {
        Map<String, ModelProfile> all = new HashMap<>(models);
        all.put(model, profile);
        return new SimulatorConfig(port, apiKeys, cacheTtl, cacheMinTokens, defaultProfile, all, outages);
    }

    public SimulatorConfig withOutage(OutageWindow outage) {
        List<OutageWindow> all = new ArrayList<>(outages);
        all.add(outage);
        return new SimulatorConfig(port, apiKeys, cacheTtl, cacheMinTokens, defaultProfile, models, all);
    }
}
