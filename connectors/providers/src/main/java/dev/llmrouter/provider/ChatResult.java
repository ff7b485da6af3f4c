package dev.llmrouter.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * A successful answer.
 *
 * @param provider     registry id of the provider that answered
 * @param model        the model as requested (the id the price catalog knows; providers may answer with a
 *                     dated snapshot name, which is not kept)
 * @param content      the generated text (text parts joined; empty when the model produced none)
 * @param finishReason why generation stopped, normalised: {@value #STOP}, {@value #LENGTH} (output limit
 *                     reached: the content is truncated), {@value #TOOL_CALLS}, or the provider's own
 *                     reason in lower case for anything rarer. Refusals are not results but
 *                     {@link ErrorKind#CONTENT_REFUSED} failures.
 * @param usage        tokens as the provider reported them
 * @param httpStatus   the HTTP status of the answer
 * @param latency      from sending the request to having the whole response
 */
public record ChatResult(String provider, String model, String content, String finishReason, TokenUsage usage,
                         int httpStatus, Duration latency) {

    public static final String STOP = "stop";
    public static final String LENGTH = "length";
    public static final String TOOL_CALLS = "tool_calls";

    public ChatResult {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(latency, "latency");
    }

    /** Whether the output limit cut the answer short. */
    public boolean truncated() {
        return LENGTH.equals(finishReason);
    }
}
