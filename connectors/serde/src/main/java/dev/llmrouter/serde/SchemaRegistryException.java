package dev.llmrouter.serde;

import org.apache.kafka.common.KafkaException;

/**
 * A schema registry request failed: the registry answered with an error, or did not answer at all.
 *
 * <p>Deliberately not a {@link org.apache.kafka.common.errors.SerializationException}: an unreachable
 * or misconfigured registry says nothing about the record at hand, so error handlers that send bad
 * records to a dead-letter topic must not catch it. The one registry answer that does describe the
 * record, an unknown schema id in a consumed payload, reaches callers as a {@code SerializationException}
 * with this exception as its cause.
 */
public class SchemaRegistryException extends KafkaException {

    /** {@link #status()} when no HTTP response arrived (connection refused, timeout). */
    public static final int NO_RESPONSE = -1;
    /** {@link #errorCode()} when the response carried no {@code error_code}. */
    public static final int NO_ERROR_CODE = -1;

    private final int status;
    private final int errorCode;
    private final String url;

    /**
     * @param message   what failed, readable on its own
     * @param status    HTTP status, or {@link #NO_RESPONSE}
     * @param errorCode the registry's {@code error_code} (e.g. 40403 unknown schema id), or {@link #NO_ERROR_CODE}
     * @param url       the request URL, never carrying credentials
     * @param cause     the underlying I/O failure, if any
     */
    public SchemaRegistryException(String message, int status, int errorCode, String url, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.url = url;
    }

    /** Wraps {@code cause} with what the caller was trying to do, keeping its status, error code and URL. */
    SchemaRegistryException(String context, SchemaRegistryException cause) {
        this(context + ": " + cause.getMessage(), cause.status, cause.errorCode, cause.url, cause);
    }

    /** HTTP status of the registry's answer, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code}, e.g. 40401 subject not found, 40403 schema not found, or {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    /** The URL of the failed request. */
    public String url() {
        return url;
    }

    boolean isNotFound(int expectedErrorCode) {
        return status == 404 && errorCode == expectedErrorCode;
    }
}
