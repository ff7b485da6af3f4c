package dev.llmrouter.serde;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the Confluent Schema Registry REST API (v1), as served by Confluent Schema Registry,
 * Apicurio Registry's ccompat API, Karapace and Redpanda. Avro schemas only; schema references are
 * not supported.
 *
 * <p>Thread-safe. Answers that cannot change (the id of a schema under a subject, the schema of an id)
 * are cached in bounded caches, so serdes reach the registry once per schema, not once per record.
 * Failures raise {@link SchemaRegistryException} carrying the HTTP status, the registry's
 * {@code error_code} and the request URL.
 */
public final class SchemaRegistryClient implements AutoCloseable {

    /** A schema as registered under a subject. */
    public record RegisteredSchema(String subject, int version, int id, Schema schema) {
    }

    static final int SCHEMA_NOT_FOUND = 40403;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final int MAX_ERROR_BODY = 300;

    private record SubjectSchema(String subject, Schema schema) {
    }

    private final List<String> baseUrls;
    private final HttpClient http;
    private final Duration readTimeout;
    private final String authorization;
    private final BoundedCache<SubjectSchema, Integer> idsBySchema;
    private final BoundedCache<Integer, Schema> schemasById;

    private SchemaRegistryClient(List<String> baseUrls, Duration connectTimeout, Duration readTimeout,
                                 String authorization, int cacheCapacity) {
        this.baseUrls = baseUrls;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        this.readTimeout = readTimeout;
        this.authorization = authorization;
        this.idsBySchema = new BoundedCache<>(cacheCapacity);
        this.schemasById = new BoundedCache<>(cacheCapacity);
    }

    /** A client of the registry at {@code url} with default timeouts and no authentication. */
    public static SchemaRegistryClient create(String url) {
        return fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url));
    }

    /**
     * A client configured from serde-style properties: {@link AvroSerdeConfig#SCHEMA_REGISTRY_URL},
     * {@link AvroSerdeConfig#BASIC_AUTH_USER_INFO}, {@link AvroSerdeConfig#HTTP_CONNECT_TIMEOUT_MS},
     * {@link AvroSerdeConfig#HTTP_READ_TIMEOUT_MS}, {@link AvroSerdeConfig#MAX_SCHEMAS_PER_SUBJECT}.
     *
     * @throws ConfigException if the URL is missing or malformed, or the credential is not {@code user:password}
     */
    public static SchemaRegistryClient fromConfig(Map<String, ?> config) {
        Object urls = config.get(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        if (urls == null || urls.toString().isBlank()) {
            throw new ConfigException("Missing required configuration \"" + AvroSerdeConfig.SCHEMA_REGISTRY_URL + "\"");
        }
        long connectMs = AvroSerdeConfig.number(AvroSerdeConfig.clientValue(config, AvroSerdeConfig.HTTP_CONNECT_TIMEOUT_MS),
                AvroSerdeConfig.HTTP_CONNECT_TIMEOUT_MS, 10_000);
        long readMs = AvroSerdeConfig.number(AvroSerdeConfig.clientValue(config, AvroSerdeConfig.HTTP_READ_TIMEOUT_MS),
                AvroSerdeConfig.HTTP_READ_TIMEOUT_MS, 30_000);
        long capacity = AvroSerdeConfig.number(AvroSerdeConfig.clientValue(config, AvroSerdeConfig.MAX_SCHEMAS_PER_SUBJECT),
                AvroSerdeConfig.MAX_SCHEMAS_PER_SUBJECT, 1000);
        if (connectMs <= 0 || readMs <= 0 || capacity <= 0 || capacity > Integer.MAX_VALUE) {
            throw new ConfigException("Registry timeouts and " + AvroSerdeConfig.MAX_SCHEMAS_PER_SUBJECT + " must be positive");
        }
        return new SchemaRegistryClient(parseUrls(urls.toString()), Duration.ofMillis(connectMs), Duration.ofMillis(readMs),
                authorization(config), (int) capacity);
    }

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and returns
     * its global id. Registering a schema that is already registered returns the existing id.
     *
     * @throws SchemaRegistryException e.g. status 409 if the subject's compatibility rules reject the schema
     */
    public int register(String subject, Schema schema) {
        return idsBySchema.get(new SubjectSchema(subject, schema), key -> {
            int id;
            try {
                id = send("POST", subjectPath(subject) + "/versions", schemaBody(schema)).intField("id");
            } catch (SchemaRegistryException e) {
                id = registeredMeanwhile(subject, schema, e);
            }
            schemasById.putIfAbsent(id, schema);
            LOG.debug("Schema {} is id {} under subject '{}'", schema.getFullName(), id, subject);
            return id;
        });
    }

    /**
     * Apicurio answers 409 to the losers of concurrent first registrations of a subject (other processes may
     * register the same schema at the same moment); the schema is then registered, and a lookup finds it.
     * Any other failure, or a schema that is really incompatible, is rethrown as is.
     */
    private int registeredMeanwhile(String subject, Schema schema, SchemaRegistryException failure) {
        if (failure.status() != 409) {
            throw failure;
        }
        try {
            return send("POST", subjectPath(subject), schemaBody(schema)).intField("id");
        } catch (SchemaRegistryException notRegistered) {
            failure.addSuppressed(notRegistered);
            throw failure;
        }
    }

    /**
     * Returns the id of {@code schema} if it is registered under {@code subject} ({@code POST /subjects/{subject}}).
     *
     * @throws SchemaRegistryException status 404 if the subject does not exist (error code 40401) or the schema
     *                                 is not registered under it (40403; Apicurio says 40401)
     */
    public int lookup(String subject, Schema schema) {
        return idsBySchema.get(new SubjectSchema(subject, schema), key -> {
            int id = send("POST", subjectPath(subject), schemaBody(schema)).intField("id");
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    /**
     * Returns the schema with global id {@code id} ({@code GET /schemas/ids/{id}}).
     *
     * @throws SchemaRegistryException status 404 with error code 40403 if no schema has that id
     * @throws SchemaParseException    if the registered schema is not an Avro schema
     */
    public Schema getById(int id) {
        return schemasById.get(id, key -> parseSchema(send("GET", "/schemas/ids/" + id, null)));
    }

    /**
     * Returns the latest version registered under {@code subject} ({@code GET /subjects/{subject}/versions/latest}).
     * Not cached: the answer changes when a new version is registered.
     *
     * @throws SchemaRegistryException status 404 if the subject does not exist (error code 40401; Apicurio says 40402)
     */
    public RegisteredSchema getLatest(String subject) {
        Reply reply = send("GET", subjectPath(subject) + "/versions/latest", null);
        int id = reply.intField("id");
        Schema schema = schemasById.get(id, key -> parseSchema(reply));
        idsBySchema.putIfAbsent(new SubjectSchema(subject, schema), id);
        return new RegisteredSchema(subject, reply.intField("version"), id, schema);
    }

    /**
     * Asks whether {@code schema} may be registered as the next version of {@code subject} under the subject's
     * compatibility rules ({@code POST /compatibility/subjects/{subject}/versions/latest}).
     */
    public boolean isCompatible(String subject, Schema schema) {
        JsonNode answer = send("POST", "/compatibility" + subjectPath(subject) + "/versions/latest", schemaBody(schema))
                .field("is_compatible");
        return answer.asBoolean();
    }

    /**
     * Sets the compatibility level of {@code subject} ({@code PUT /config/{subject}}), e.g. {@code BACKWARD},
     * {@code FULL_TRANSITIVE} or {@code NONE}.
     */
    public void updateCompatibility(String subject, String level) {
        send("PUT", "/config/" + encode(subject), JSON.createObjectNode().put("compatibility", level).toString());
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient" + baseUrls;
    }

    private static Schema parseSchema(Reply reply) {
        JsonNode type = reply.json().get("schemaType");
        if (type != null && !type.isNull() && !type.asText().equals("AVRO")) {
            throw new SchemaParseException("Registry " + reply.url() + " holds a " + type.asText() + " schema, not Avro");
        }
        return new Schema.Parser().setValidateDefaults(false).parse(reply.field("schema").asText());
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + encode(subject);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, UTF_8).replace("+", "%20");
    }

    private Reply send(String method, String path, String body) {
        SchemaRegistryException unreachable = null;
        for (String base : baseUrls) {
            String url = base + path;
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(readTimeout)
                    .header("Accept", ACCEPT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            try {
                return reply(method, url, http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException e) {
                // An unanswered request is worth retrying against the next URL; an answered one is final.
                unreachable = new SchemaRegistryException(method + " " + url + " failed: no response (" + e + ")",
                        SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_ERROR_CODE, url, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
        throw unreachable;
    }

    private static Reply reply(String method, String url, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body();
        JsonNode json = readJson(body);
        if (status / 100 == 2 && json != null) {
            return new Reply(url, json);
        }
        int errorCode = json != null && json.path("error_code").canConvertToInt()
                ? json.path("error_code").intValue() : SchemaRegistryException.NO_ERROR_CODE;
        String message = json != null && json.hasNonNull("message") ? json.get("message").asText() : abbreviate(body);
        String detail = status / 100 == 2 ? "response is not JSON" : "HTTP " + status
                + (errorCode == SchemaRegistryException.NO_ERROR_CODE ? "" : ", error_code " + errorCode);
        throw new SchemaRegistryException(method + " " + url + " failed: " + detail + ": " + message,
                status, errorCode, url, null);
    }

    private static JsonNode readJson(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json == null || json.isMissingNode() ? null : json;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_ERROR_BODY ? oneLine : oneLine.substring(0, MAX_ERROR_BODY) + "...";
    }

    private static List<String> parseUrls(String urls) {
        List<String> parsed = new ArrayList<>();
        for (String raw : urls.split(",")) {
            String url = raw.strip().replaceAll("/+$", "");
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url, "not a URL");
            }
            if (uri.getRawUserInfo() != null) {
                // The message must not echo the URL: it carries a password.
                throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " must not contain credentials; set "
                        + AvroSerdeConfig.BASIC_AUTH_USER_INFO + " instead");
            }
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
                        "expected http(s)://host:port with an optional path, e.g. http://localhost:8080/apis/ccompat/v7");
            }
            parsed.add(url);
        }
        return List.copyOf(parsed);
    }

    private static String authorization(Map<String, ?> config) {
        Object source = AvroSerdeConfig.clientValue(config, AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE);
        if (source != null && !source.toString().strip().equalsIgnoreCase("USER_INFO")) {
            throw new ConfigException(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, source, "only USER_INFO is supported");
        }
        Object userInfo = AvroSerdeConfig.clientValue(config, AvroSerdeConfig.BASIC_AUTH_USER_INFO);
        if (userInfo == null || userInfo.toString().isEmpty()) {
            return null;
        }
        if (userInfo.toString().indexOf(':') < 0) {
            throw new ConfigException(AvroSerdeConfig.BASIC_AUTH_USER_INFO + " must have the form user:password");
        }
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.toString().getBytes(UTF_8));
    }

    private record Reply(String url, JsonNode json) {

        JsonNode field(String name) {
            JsonNode value = json.get(name);
            if (value == null || value.isNull()) {
                throw new SchemaRegistryException(url + " answered without '" + name + "': " + abbreviate(json.toString()),
                        200, SchemaRegistryException.NO_ERROR_CODE, url, null);
            }
            return value;
        }

        int intField(String name) {
            return field(name).asInt();
        }
    }
}
