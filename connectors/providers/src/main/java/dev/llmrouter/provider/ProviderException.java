package dev.llmrouter.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed provider call, with what a router needs to decide what to do next and what to bill.
 *
 * <p><b>Billing rule:</b> an attempt is {@link #billed()} exactly when the provider answered HTTP 2xx
 * with a usage block, i.e. it did the work and meters it, but the answer is still a failure: a content
 * filter or refusal stop after generation, or a prompt blocked after it was counted. The metered tokens
 * are then in {@link #billedUsage()}. HTTP errors (4xx, 5xx), timeouts and network failures are not
 * billed: the providers do not charge for them. A truncated answer ({@code finish_reason} "length") is
 * not a failure at all but a {@link ChatResult} with {@link ChatResult#truncated()}.
 *
 * <p>Neither the message nor {@link #rawBody()} ever contains the API key: adapters redact it.
 */
public class ProviderException extends RuntimeException {

    private final String provider;
    private final String model;
    private final ErrorKind kind;
    private final int httpStatus;
    private final Duration retryAfter;
    private final String rawBody;
    private final TokenUsage billedUsage;

    /**
     * @param provider    registry id of the provider
     * @param model       the model asked for
     * @param kind        what went wrong
     * @param httpStatus  the HTTP status, 0 when there was no HTTP answer
     * @param retryAfter  how long the provider asked to wait, or {@code null}
     * @param rawBody     the provider's response body as received, or {@code null} when there was none
     * @param billedUsage the tokens the provider metered for this failed attempt, or {@code null} when not billed
     * @param detail      what happened, in words (the provider's error message where it gave one)
     * @param cause       the underlying exception, or {@code null}
     */
    public ProviderException(String provider, String model, ErrorKind kind, int httpStatus, Duration retryAfter,
                             String rawBody, TokenUsage billedUsage, String detail, Throwable cause) {
        super(provider + "/" + model + " " + kind + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "") + ": "
                + detail, cause);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.model = Objects.requireNonNull(model, "model");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.rawBody = rawBody == null ? "" : rawBody;
        this.billedUsage = billedUsage;
    }

    /** A failure without HTTP answer, body or billing (e.g. for fakes in tests). */
    public ProviderException(String provider, String model, ErrorKind kind, String detail) {
        this(provider, model, kind, 0, null, null, null, detail, null);
    }

    public String provider() {
        return provider;
    }

    public String model() {
        return model;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The HTTP status of the provider's answer; 0 when there was none (timeout, network, invalid input). */
    public int httpStatus() {
        return httpStatus;
    }

    /** How long the provider asked to wait before retrying (Retry-After header or a hint in the body). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The provider's response body as received (API key redacted); empty when there was none. */
    public String rawBody() {
        return rawBody;
    }

    /** Whether the provider charges for this failed attempt: see the billing rule above. */
    public boolean billed() {
        return billedUsage != null;
    }

    /** The tokens the provider metered for this failed attempt, when {@link #billed()}. */
    public Optional<TokenUsage> billedUsage() {
        return Optional.ofNullable(billedUsage);
    }

    /** Shorthand for {@code kind().retryable()}. */
    public boolean retryable() {
        return kind.retryable();
    }
}
