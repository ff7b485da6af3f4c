package dev.llmrouter.serde;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration keys, named as in Confluent's serde so existing client configs carry over unchanged.
 *
 * <p>Values may be strings (as in a properties file) or typed ({@code Boolean}, {@code Number}).
 * Registry client keys are also read with a {@code schema.registry.} prefix, as Confluent does.
 */
public final class AvroSerdeConfig {

    /** Base URL of the registry's Confluent-compatible API, e.g. {@code http://host:8081} or
     *  {@code http://host:8080/apis/ccompat/v7}. Several may be given comma-separated; later ones
     *  are tried when an earlier one does not answer. Required. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** {@code user:password} for HTTP basic authentication. Optional; never logged. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Only {@code USER_INFO} (the credential in {@link #BASIC_AUTH_USER_INFO}) is supported. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** Connect timeout in milliseconds. Default 10000. */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    /** Time to wait for a registry response in milliseconds. Default 30000. */
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    /** Capacity of each registry client cache (schema to id, id to schema). Default 1000. */
    public static final String MAX_SCHEMAS_PER_SUBJECT = "max.schemas.per.subject";

    /** Serializer registers the record's schema under its subject. Default true. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Serializer writes with the subject's latest registered schema and never registers. Default false. */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /** How long the serializer trusts a fetched latest version, in seconds; -1 (default) forever. */
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    /** Untyped deserializer returns the generated class named by the writer schema instead of a
     *  {@code GenericRecord}. Default false. */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Subject name strategy for keys: a Confluent class name or its simple name. Default TopicNameStrategy. */
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    /** Subject name strategy for values: a Confluent class name or its simple name. Default TopicNameStrategy. */
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    private static final String CLIENT_PREFIX = "schema.registry.";

    private AvroSerdeConfig() {
    }

    static Object clientValue(Map<String, ?> config, String key) {
        Object value = config.get(key);
        return value != null ? value : config.get(CLIENT_PREFIX + key);
    }

    static boolean bool(Map<String, ?> config, String key, boolean fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key, value, "expected true or false");
    }

    static long number(Object value, String key, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a whole number");
        }
    }
}
