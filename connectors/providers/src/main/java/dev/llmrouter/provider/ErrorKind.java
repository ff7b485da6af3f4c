package dev.llmrouter.provider;

/** Why a provider call failed, in terms a router can act on. */
public enum ErrorKind {
    /** 429: too many requests or tokens for now; see {@link ProviderException#retryAfter()}. */
    RATE_LIMITED,
    /** 5xx, 529: the provider or model is down or overloaded. */
    UNAVAILABLE,
    /** No complete answer within the request's timeout (or the provider's 408/504). */
    TIMEOUT,
    /** The prompt does not fit the model's context window. */
    CONTEXT_TOO_LONG,
    /** The provider's safety system refused the prompt or stopped the answer. */
    CONTENT_REFUSED,
    /** The API key is missing, wrong or not allowed to use this model. */
    AUTH,
    /** The account has no credit or quota left. */
    OUT_OF_CREDIT,
    /** The provider rejected the request as malformed (unknown model, bad parameter). */
    BAD_REQUEST,
    /** No HTTP answer at all: connection refused, reset, DNS, TLS. */
    NETWORK,
    /** Anything else, including a 2xx answer that could not be read. */
    PROVIDER_ERROR;

    /** Whether trying again (later, or elsewhere) may succeed with the same request. */
    public boolean retryable() {
        return switch (this) {
            case RATE_LIMITED, UNAVAILABLE, TIMEOUT, NETWORK, PROVIDER_ERROR -> true;
            case CONTEXT_TOO_LONG, CONTENT_REFUSED, AUTH, OUT_OF_CREDIT, BAD_REQUEST -> false;
        };
    }
}
