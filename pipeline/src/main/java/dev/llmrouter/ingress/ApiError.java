package dev.llmrouter.ingress;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}, so that
 * OpenAI SDKs raise their usual exception types (400 BadRequest, 401 Authentication, 429 RateLimit, ...).
 *
 * @param status  HTTP status
 * @param type    OpenAI error type, e.g. {@code invalid_request_error}
 * @param code    machine-readable code, e.g. {@code budget_exceeded}
 * @param param   the request field at fault, or null
 * @param message for the person reading it
 */
public record ApiError(int status, String type, String code, String param, String message) {

    public static final String INVALID_REQUEST = "invalid_request_error";

    public static ApiError badRequest(String code, String param, String message) {
        return new ApiError(400, INVALID_REQUEST, code, param, message);
    }

    public ObjectNode body() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }

    /** Thrown while mapping a request, answered as this error. */
    public static final class Failure extends RuntimeException {
        private final ApiError error;

        public Failure(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public ApiError error() {
            return error;
        }
    }

    public Failure asFailure() {
        return new Failure(this);
    }
}
