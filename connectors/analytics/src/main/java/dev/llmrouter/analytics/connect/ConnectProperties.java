package dev.llmrouter.analytics.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The Connect configurations shipped in {@code config/connect/} (bundled into this module's jar under
 * {@code connect/}): the standalone and distributed worker settings and the cost-events sink connector.
 */
public final class ConnectProperties {

    public static final String STANDALONE_WORKER = "worker-standalone.properties";
    public static final String DISTRIBUTED_WORKER = "worker-distributed.properties";
    public static final String COST_EVENTS_SINK = "cost-events-postgres.properties";

    private ConnectProperties() {
    }

    /** A bundled file by name, e.g. {@link #COST_EVENTS_SINK}. */
    public static Map<String, String> bundled(String name) {
        try (InputStream in = ConnectProperties.class.getResourceAsStream("/connect/" + name)) {
            if (in == null) {
                throw new IllegalStateException("connect/" + name + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bundled connect/" + name, e);
        }
    }

    /** A properties file. */
    public static Map<String, String> file(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    private static Map<String, String> read(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }
}
